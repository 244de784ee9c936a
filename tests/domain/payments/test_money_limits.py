"""The money limits: every amount a command moves is from 1 to the payment amount limit, every ledger's
balance stays within its limit, and so every sum the API serves as a GraphQL Int fits one.

The property at the end drives amounts at the edges (zero, one, the limit and either side of it,
2**31 - 1, 2**31, negatives) through every command that moves money, settling each as the workers
would, and checks after every step that the ledgers hold exactly what was accepted, within their
limit, and that a refused command recorded nothing at all.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest
from eventsourcing.persistence import Tracking
from hypothesis import event, given, settings
from hypothesis import strategies as st

from domain.loyalty.ledger import LoyaltyLedger
from domain.payments import commands
from domain.payments.account_ledgers import LedgerCountExceeded
from domain.payments.application import Payments
from domain.payments.billing_document import BillRefused
from domain.payments.collection_commands import OVER_AMOUNT_LIMIT, OVER_LEDGER_LIMIT
from domain.payments.errors import (
    AmountInvalid,
    PaymentAmendmentAccessDenied,
    PaymentCollectionDataInvalid,
    PaymentDayInvalid,
    PaymentScheduleChangeMissing,
    PaymentScheduleDataInvalid,
    PaymentScheduleInputInvalid,
)
from domain.payments.ledger import EntryKind, Ledger, LedgerKind, LedgerLimitExceeded
from domain.payments.limits import (
    GRAPHQL_INT_MAX,
    LEDGER_BALANCE_LIMIT,
    MAX_LEDGERS_PER_ACCOUNT,
    PAYMENT_AMOUNT_LIMIT,
    MoneyLimits,
)
from domain.payments.payment import Payment, PaymentOrigin, PaymentStatus
from domain.payments.repayment_request import RepaymentState
from domain.shared.clock import FrozenClock
from settings import Settings, SettingsError, load

ACCOUNT, LEDGER = "A-ABCD2345", "L-ABCD2345"
NOW = datetime(2026, 5, 1, 9, tzinfo=UTC)
TODAY = NOW.date()
DEADLINE = timedelta(hours=1)
# Small limits, so that a few steps reach them.
MAX, BOUND = 1_000, 2_500
LIMITS = MoneyLimits(payment_amount=MAX, ledger_balance=BOUND)


def app(limits: MoneyLimits = LIMITS) -> Payments:
    """Ada's main ledger with a direct debit, in memory."""
    payments = Payments({"PERSISTENCE_MODULE": "eventsourcing.popo"}, FrozenClock(NOW), limits=limits)
    payments.save(Ledger.open(ACCOUNT, NOW))
    payments.set_up_direct_debit_instruction(
        commands.SetUpDirectDebitInstruction(
            account_number=ACCOUNT,
            valid_from=NOW - timedelta(days=1),
            bank_details=commands.BankDetails(account_holder="Ada", sort_code="20-00-00", account_number="55779911"),
            account_user_id="ada",
            ledger_number=LEDGER,
        )
    )
    return payments


def collect(amount: int, key: str, on: date = TODAY) -> commands.CollectPayment:
    return commands.CollectPayment(
        account_number=ACCOUNT,
        amount=amount,
        payment_date=on,
        description="Top up",
        idempotency_key=key,
        collection_method="DIRECT_DEBIT",
        ledger_number=LEDGER,
    )


def repay(amount: int, key: str) -> commands.SubmitRepaymentRequest:
    return commands.SubmitRepaymentRequest(
        account_number=ACCOUNT,
        amount=amount,
        idempotency_key=key,
        method="CHEQUE",
        ledger_number=LEDGER,
        auto_approve_limit=GRAPHQL_INT_MAX,
    )


def collected(payments: Payments, amount: int, key: str) -> Payment:
    """A payment collected as the workers would: submitted, accepted, succeeded."""
    payment = payments.collect_payment(collect(amount, key))
    payments.submit_payment(payment.number)
    payments.record_payment_accepted(payment.number, f"ref-{key}")
    return payments.record_payment_succeeded(payment.number)


def entries(payments: Payments, number: str) -> Iterator[Ledger.Posted]:
    for stored in payments.repository.event_store.get(Ledger.id_for(number)):
        if isinstance(stored, Ledger.Posted):
            yield stored


def events_recorded(payments: Payments) -> int:
    return payments.recorder.max_notification_id() or 0


def redeemed(amount: int) -> LoyaltyLedger.PointsRedeemed:
    return LoyaltyLedger.PointsRedeemed(
        originator_id=uuid4(),
        originator_version=2,
        timestamp=NOW,
        account_number=ACCOUNT,
        points=amount * 8,
        amount=amount,
        posted_at=NOW,
        balance_carried_forward=0,
    )


# The limits themselves ----------------------------------------------------------------------------------


def test_with_the_default_limits_every_balance_the_api_serves_as_an_int_fits_one() -> None:
    limits = MoneyLimits()
    # an account's balance sums at most MAX_LEDGERS_PER_ACCOUNT ledgers, each within ±ledger_balance,
    # and amountOwedByCustomer is a ledger's balance negated
    assert MAX_LEDGERS_PER_ACCOUNT * limits.ledger_balance <= GRAPHQL_INT_MAX // 20
    assert -MAX_LEDGERS_PER_ACCOUNT * limits.ledger_balance > -GRAPHQL_INT_MAX - 1
    # and every amount (payments, schedules' payments, repayments) is below a ledger's limit
    assert 0 < limits.payment_amount <= limits.ledger_balance
    assert (limits.payment_amount, limits.ledger_balance) == (PAYMENT_AMOUNT_LIMIT, LEDGER_BALANCE_LIMIT)
    assert Settings().money_limits() == limits


@pytest.mark.parametrize(
    ("payment_amount", "ledger_balance"),
    [(0, 10), (-1, 10), (100, 99), (1, GRAPHQL_INT_MAX // MAX_LEDGERS_PER_ACCOUNT + 1)],
)
def test_limits_that_would_let_a_sum_leave_the_int_range_stop_start_up(
    payment_amount: int, ledger_balance: int
) -> None:
    with pytest.raises(ValueError):
        MoneyLimits(payment_amount=payment_amount, ledger_balance=ledger_balance)
    environ = {"KRAKEN_PAYMENT_AMOUNT_LIMIT": str(payment_amount), "KRAKEN_LEDGER_BALANCE_LIMIT": str(ledger_balance)}
    with pytest.raises(SettingsError, match="KRAKEN_LEDGER_BALANCE_LIMIT"):
        load(environ)


def test_the_limits_are_read_from_the_environment() -> None:
    environ = {"KRAKEN_PAYMENT_AMOUNT_LIMIT": "50000", "KRAKEN_LEDGER_BALANCE_LIMIT": "200000"}
    assert load(environ).money_limits() == MoneyLimits(payment_amount=50_000, ledger_balance=200_000)


def test_an_account_has_at_most_its_main_ledger_and_nine_others() -> None:
    payments = app()
    for _ in range(MAX_LEDGERS_PER_ACCOUNT - 1):
        payments.open_ledger(ACCOUNT, LedgerKind.CREDIT_STORAGE)
    recorded = events_recorded(payments)
    with pytest.raises(LedgerCountExceeded):
        payments.open_ledger(ACCOUNT, LedgerKind.CREDIT_STORAGE)
    assert events_recorded(payments) == recorded


def test_a_debt_spread_over_a_year_is_collected_at_most_the_payment_amount_limit_a_month() -> None:
    # given a ledger owing 2400 where a payment may be 100 at most (200 a month would clear it in a year)
    payments = app(MoneyLimits(payment_amount=100, ledger_balance=BOUND))
    bill = payments.draft_bill(commands.DraftBill(account_number=ACCOUNT, amount=100, description="Bill"))
    payments.issue_bill(str(bill.number))
    ledger: Ledger = payments.load(Ledger.id_for(LEDGER))
    ledger.post(EntryKind.CHARGE, -2300, "BILL", "bill:old", NOW, limit=BOUND)
    payments.save(ledger)
    # when a schedule is asked for with no amount
    schedule = payments.create_direct_debit_payment_schedule(
        commands.CreateDirectDebitPaymentSchedule(account_number=ACCOUNT, ledger_number=LEDGER, payment_day=20)
    )
    # then each payment is the most a payment may be: the debt takes two years
    assert schedule.amount == 100


# The paths that let 2**31 - 1 through before ----------------------------------------------------------------


def test_a_collection_of_2_31_minus_1_is_refused_as_an_invalid_amount_and_records_nothing() -> None:
    payments = app(MoneyLimits())
    recorded = events_recorded(payments)
    with pytest.raises(AmountInvalid):
        payments.collect_payment(collect(GRAPHQL_INT_MAX, "huge"))
    assert events_recorded(payments) == recorded
    # and the largest allowed one is taken
    assert collected(payments, PAYMENT_AMOUNT_LIMIT, "largest").status is PaymentStatus.SUCCEEDED


def test_a_repayment_of_2_31_minus_1_is_refused_as_an_invalid_amount() -> None:
    payments = app(MoneyLimits())
    collected(payments, PAYMENT_AMOUNT_LIMIT, "credit")
    with pytest.raises(AmountInvalid):
        payments.submit_repayment_request(repay(GRAPHQL_INT_MAX, "huge"))
    with pytest.raises(AmountInvalid):
        payments.submit_repayment_request(repay(PAYMENT_AMOUNT_LIMIT + 1, "over"))


def test_a_collection_that_would_take_the_ledger_beyond_its_limit_fails_when_due_and_charges_nothing() -> None:
    # given a ledger 100 short of its limit, and a scheduled collection of 101 requested
    payments = app()
    collected(payments, MAX, "a")
    collected(payments, MAX, "b")
    collected(payments, 400, "c")
    payment = payments.collect_payment(collect(101, "scheduled"))
    # when it comes due (the relay and the scheduler may both ask)
    first = payments.submit_payment(payment.number)
    again = payments.submit_payment(payment.number)
    # then it is recorded failed, before the provider is asked, and the ledger did not move
    assert (first.status, first.failure_reason, first.provider_key) == (PaymentStatus.FAILED, OVER_LEDGER_LIMIT, None)
    assert again.version == first.version
    ledger = payments.ledger(LEDGER)
    assert ledger is not None and (ledger.balance, ledger.reserved) == (2400, {})


def test_two_collections_in_flight_cannot_both_take_the_last_room() -> None:
    # given a ledger 1000 short of its limit
    payments = app()
    collected(payments, MAX, "a")
    collected(payments, 500, "b")
    one = payments.collect_payment(collect(MAX, "one"))
    two = payments.collect_payment(collect(1, "two"))
    # when both are handed to the provider before either settles
    assert payments.submit_payment(one.number).status is PaymentStatus.SUBMITTED
    assert payments.submit_payment(two.number).failure_reason == OVER_LEDGER_LIMIT
    # then the one submitted posts, however late
    assert payments.record_payment_succeeded(one.number).status is PaymentStatus.SUCCEEDED
    ledger = payments.ledger(LEDGER)
    assert ledger is not None and ledger.balance == BOUND


def test_a_payment_requested_above_a_limit_lowered_since_fails_when_due() -> None:
    # given a payment of 2000 requested under a limit of 5000
    payments = app(MoneyLimits(payment_amount=5_000, ledger_balance=10_000))
    requested = payments.collect_payment(collect(2_000, "k"))
    # when the server restarts with a limit of 1000, and the payment comes due
    payments.limits = LIMITS
    failed = payments.submit_payment(requested.number)
    # then it fails before the provider is asked
    assert failed is not None and (failed.status, failed.failure_reason) == (PaymentStatus.FAILED, OVER_AMOUNT_LIMIT)


def test_a_redemption_the_ledger_cannot_take_is_recorded_as_refused_and_the_reaction_goes_on() -> None:
    payments = app()
    payments.process_event(redeemed(MAX + 1), Tracking("Loyalty", 1))
    payments.process_event(redeemed(MAX), Tracking("Loyalty", 2))
    ledger = payments.ledger(LEDGER)
    assert ledger is not None and ledger.balance == MAX
    kinds = [type(e).__name__ for e in payments.repository.event_store.get(ledger.id)]
    assert kinds[-2:] == ["EntryRefused", "Posted"]


# The property ---------------------------------------------------------------------------------------------

# Examples; raise it for a longer hunt (KRAKEN_PROPERTY_EXAMPLES=1000), as for the other property tests.
EXAMPLES = int(os.environ.get("KRAKEN_PROPERTY_EXAMPLES", "100"))
EDGES = [0, 1, MAX - 1, MAX, MAX + 1, GRAPHQL_INT_MAX, GRAPHQL_INT_MAX + 1, -1, -MAX, -GRAPHQL_INT_MAX]
OPERATIONS = ["collect", "amend", "standalone", "repay", "bill", "transfer", "credit", "schedule"]
steps = st.lists(
    st.tuples(st.sampled_from(OPERATIONS), st.sampled_from(EDGES), st.sampled_from(["succeeds", "fails"])),
    max_size=16,
)
REFUSALS = (
    PaymentCollectionDataInvalid,
    PaymentAmendmentAccessDenied,
    AmountInvalid,
    BillRefused,
    LedgerLimitExceeded,
    PaymentDayInvalid,
    PaymentScheduleInputInvalid,
    PaymentScheduleDataInvalid,
    PaymentScheduleChangeMissing,
)


class Books:
    """What the ledgers should hold: the test's own account of each rule, step by step."""

    def __init__(self) -> None:
        self.main, self.storage = 0, 0
        self.schedule_amount: int | None = None


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True)
@given(history=steps)
def test_amounts_at_the_edges_move_exactly_what_is_accepted_within_the_limits(
    history: list[tuple[str, int, str]],
) -> None:
    # given Ada's main ledger, a credit storage ledger and permissions to move credit both ways
    payments = app()
    storage = payments.open_ledger(ACCOUNT, LedgerKind.CREDIT_STORAGE).number
    for source, target in ((LEDGER, storage), (storage, LEDGER)):
        payments.create_credit_transfer_permission(
            commands.CreateCreditTransferPermission(source_ledger_number=source, target_ledger_number=target)
        )
    books = Books()

    # when each step happens, settled as the workers would settle it
    for step, (what, amount, outcome) in enumerate(history):
        key, today = f"k-{step}", payments.clock.now().date()
        allowed = 0 < amount <= MAX
        before = events_recorded(payments)
        try:
            if what == "collect":
                payment = payments.collect_payment(collect(amount, key, today))
                if _settled(payments, payment.number, outcome) and books.main + amount <= BOUND:
                    books.main += amount
            elif what == "amend":
                payment = payments.collect_payment(collect(MAX // 2, key, today))
                before = events_recorded(payments)
                try:
                    payments.amend_payment(
                        commands.AmendPayment(
                            account_number=ACCOUNT, payment_id=payment.number, amount=amount, payment_date=today
                        )
                    )
                except PaymentAmendmentAccessDenied:
                    assert events_recorded(payments) == before, (what, amount)
                    amended = False
                else:
                    amended = True
                taken = payments.payment(payment.number)
                assert amended is allowed and taken is not None and taken.amount == (amount if allowed else MAX // 2)
                if _settled(payments, payment.number, outcome) and books.main + taken.amount <= BOUND:
                    books.main += taken.amount
            elif what == "standalone":
                started = payments.initiate_standalone_payment(
                    commands.InitiateStandalonePayment(account_number=ACCOUNT, amount=amount, description="Pay")
                )
                completed = payments.complete_standalone_payment(started.retrieval_token, f"ref-{key}")
                if _settled(payments, completed.number, outcome):
                    books.main += amount
            elif what == "repay":
                request = payments.submit_repayment_request(repay(amount, key))
                order = payments.start_repayment_payout(str(request.number))
                assert order is not None and order.amount == amount
                settled = "SUCCEEDED" if outcome == "succeeds" else "FAILED"
                if (
                    payments.settle_repayment_payout(str(request.number), settled, None, DEADLINE)
                    is RepaymentState.PAID
                ):
                    books.main -= amount
            elif what == "bill":
                bill = payments.draft_bill(
                    commands.DraftBill(account_number=ACCOUNT, amount=amount, description="Bill")
                )
                before = events_recorded(payments)
                payments.issue_bill(str(bill.number))
                books.main -= amount
            elif what == "transfer":
                there = outcome == "succeeds"
                payments.transfer_credit(
                    commands.TransferCredit(
                        source_ledger_number=LEDGER if there else storage,
                        target_ledger_number=storage if there else LEDGER,
                        amount=amount,
                        reason="edge",
                    )
                )
                moved = amount if there else -amount
                books.main, books.storage = books.main - moved, books.storage + moved
            elif what == "credit":
                # Loyalty credits are positive (so are the points); the reaction never refuses by raising.
                if amount > 0:
                    payments.process_event(redeemed(amount), Tracking("Loyalty", step + 1))
                    if allowed and books.main + amount <= BOUND:
                        books.main += amount
            elif books.schedule_amount is None:
                payments.create_direct_debit_payment_schedule(
                    commands.CreateDirectDebitPaymentSchedule(
                        account_number=ACCOUNT, ledger_number=LEDGER, payment_day=20, payment_amount=amount
                    )
                )
                books.schedule_amount = amount
            else:
                schedules = payments.payment_schedules(LEDGER)
                assert schedules is not None
                payments.update_payment_schedule(
                    commands.UpdatePaymentSchedule(
                        account_number=ACCOUNT,
                        payment_schedule_id=str(next(iter(schedules.schedules))),
                        payment_amount=amount,
                    )
                )
                books.schedule_amount = amount
        except REFUSALS:
            # then a refused command (by its amount, a ledger's limit or its credit) recorded nothing
            assert events_recorded(payments) == before, (what, amount)
            event(f"{what}: refused")
        else:
            event(f"{what}: taken")
            # and only amounts from 1 to the limit were accepted
            assert allowed or what in ("credit", "amend"), (what, amount)

        # and both ledgers hold what the books say, as the sum of their entries, within the limit,
        # with no room left reserved (everything has settled)
        for number, expected in ((LEDGER, books.main), (storage, books.storage)):
            ledger = payments.ledger(number)
            assert ledger is not None
            assert ledger.balance == sum(e.amount for e in entries(payments, number)) == expected
            assert -BOUND <= ledger.balance <= BOUND and ledger.reserved == {}
            if abs(ledger.balance) > BOUND - MAX:
                event("a ledger within one payment of its limit")
        assert books.schedule_amount is None or 0 < books.schedule_amount <= MAX


def _settled(payments: Payments, number: int, outcome: str) -> bool:
    """What the collection worker does with a payment: submits it, then records how it settled
    (a collection declined; a standalone payment left unsettled past its deadline). True if it succeeded."""
    payment = payments.submit_payment(number)
    if payment is None or payment.status is not PaymentStatus.SUBMITTED:
        return False
    if outcome == "succeeds":
        return payments.record_payment_succeeded(number).status is PaymentStatus.SUCCEEDED
    if payment.origin is PaymentOrigin.COLLECTION:
        payments.record_payment_failed(number, "declined")
    else:
        clock = payments.clock
        assert isinstance(clock, FrozenClock)
        clock.advance(DEADLINE)
        assert payments.expire_payment(number, DEADLINE)
    return False


def test_a_payment_entry_is_recorded_against_the_payment() -> None:
    payments = app()
    payment = collected(payments, 10, "k")
    (entry,) = entries(payments, LEDGER)
    assert (entry.kind, entry.source, entry.amount) == (EntryKind.PAYMENT.value, Payment.source_of(payment.number), 10)
