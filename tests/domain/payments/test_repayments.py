"""Repayments in the payments application (in memory): requesting credit back, approval, cancellation,
and the payout's outcome, where the one rule that matters most is: the ledger is debited once, when paid."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.payments import commands
from domain.payments.application import Payments
from domain.payments.errors import (
    AmountInvalid,
    IdempotencyKeyReused,
    LedgerAccessDenied,
    LedgerIdAndNumberBothGiven,
    LedgerNotIdentified,
    RepaymentNotAwaitingApproval,
    RepaymentNotCancellable,
    RepaymentNotPayable,
    RepaymentRequestAccessDenied,
    RepaymentRequestNotFound,
)
from domain.payments.ledger import EntryKind, Ledger
from domain.payments.limits import LEDGER_BALANCE_LIMIT, MoneyLimits
from domain.payments.repayment_request import LedgerRepayments, RepaymentRequest, RepaymentState, repayable
from domain.shared.clock import FrozenClock

ACCOUNT, OTHER = "A-ABCD2345", "A-WXYZ6789"
LEDGER, OTHER_LEDGER = "L-ABCD2345", "L-WXYZ6789"
NOW = datetime(2026, 5, 1, 9, tzinfo=UTC)
DEADLINE = timedelta(hours=1)
LIMIT = 5000


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
def payments(clock: FrozenClock) -> Payments:
    """Given two accounts' main ledgers, Ada's with £100.00 of credit."""
    app = Payments({"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock)
    ledger = Ledger.open(ACCOUNT, NOW)
    ledger.credit(10_000, reason_code="GOODWILL", source="test", posted_at=NOW, limit=LEDGER_BALANCE_LIMIT)
    app.save(ledger, Ledger.open(OTHER, NOW))
    return app


def submit(payments: Payments, amount: int = 2500, key: str = "k-1", **changes: object) -> RepaymentRequest:
    fields: dict[str, object] = {
        "account_number": ACCOUNT,
        "ledger_number": LEDGER,
        "amount": amount,
        "idempotency_key": key,
        "method": "CHEQUE",
        "auto_approve_limit": LIMIT,
        **changes,
    }
    return payments.submit_repayment_request(commands.SubmitRepaymentRequest(**fields))  # type: ignore[arg-type]


def names(payments: Payments, request: RepaymentRequest) -> list[str]:
    return [type(e).__name__ for e in payments.repository.event_store.get(request.id)]


def outstanding(payments: Payments) -> int:
    book: LedgerRepayments = payments.load(LedgerRepayments.id_for(LEDGER))
    return book.outstanding


def balance(payments: Payments) -> int:
    ledger = payments.ledger(LEDGER)
    assert ledger is not None
    return ledger.balance


# Submitting ----------------------------------------------------------------------------------------


def test_up_to_the_limit_a_request_is_approved_in_the_same_save(payments: Payments) -> None:
    request = submit(payments, LIMIT)
    assert names(payments, request) == ["Requested", "Approved"]
    assert (request.wire_status, outstanding(payments), balance(payments)) == ("ACCEPTED", LIMIT, 10_000)


def test_above_the_limit_a_request_waits_for_an_operator(payments: Payments) -> None:
    request = submit(payments, LIMIT + 1)
    assert names(payments, request) == ["Requested"] and request.wire_status == "REQUESTED"
    approved = payments.approve_repayment_request(str(request.number))
    assert approved.wire_status == "ACCEPTED"
    with pytest.raises(RepaymentNotAwaitingApproval):
        payments.approve_repayment_request(str(request.number))


def test_an_operator_may_reject_a_waiting_request_which_frees_its_credit(payments: Payments) -> None:
    request = submit(payments, 8000)
    rejected = payments.reject_repayment_request(str(request.number), reason="account under review")
    assert (rejected.wire_status, outstanding(payments)) == ("REJECTED", 0)
    with pytest.raises(RepaymentNotAwaitingApproval):
        payments.reject_repayment_request(str(request.number), reason="again")


def test_an_operator_does_not_approve_more_than_the_ledger_still_holds(payments: Payments) -> None:
    request = submit(payments, 8000)
    ledger: Ledger = payments.load(Ledger.id_for(LEDGER))
    ledger.post(EntryKind.CHARGE, -5000, "BILL", "bill:1", NOW, limit=LEDGER_BALANCE_LIMIT)
    payments.save(ledger)
    with pytest.raises(RepaymentNotPayable):
        payments.approve_repayment_request(str(request.number))


@pytest.mark.parametrize("amount", [0, -1, 10_001])
def test_an_amount_not_positive_or_above_the_credit_is_refused(payments: Payments, amount: int) -> None:
    with pytest.raises(AmountInvalid):
        submit(payments, amount)


def test_open_requests_reserve_the_credit(payments: Payments) -> None:
    submit(payments, 4000, key="a")
    submit(payments, 4000, key="b")
    with pytest.raises(AmountInvalid):
        submit(payments, 2001, key="c")
    assert submit(payments, 2000, key="c").state is RepaymentState.APPROVED


@pytest.mark.parametrize(("reserved", "limits"), [(4000, MoneyLimits()), (0, MoneyLimits(payment_amount=3000))])
def test_repayable_is_the_most_a_request_may_ask_for(payments: Payments, reserved: int, limits: MoneyLimits) -> None:
    # given £100.00 of credit, some of it asked for already, and a limit to what one request moves
    payments.limits = limits
    if reserved:
        submit(payments, reserved, key="first")
    most = repayable(balance(payments), reserved, limits)
    assert most == min(10_000 - reserved, limits.payment_amount)
    # then a penny more is refused, and that much is taken
    with pytest.raises(AmountInvalid):
        submit(payments, most + 1, key="more")
    submit(payments, most, key="most")
    left = 10_000 - reserved - most
    assert repayable(balance(payments), outstanding(payments), limits) == min(left, limits.payment_amount)


def test_nothing_is_repayable_out_of_no_credit_or_a_debt() -> None:
    assert (
        repayable(0, 0, MoneyLimits()) == repayable(-500, 0, MoneyLimits()) == repayable(500, 600, MoneyLimits()) == 0
    )


def test_the_same_key_and_request_gives_the_first_request_and_nothing_new(payments: Payments) -> None:
    first = submit(payments)
    again = submit(payments)
    assert (again.id, again.version) == (first.id, first.version)
    assert outstanding(payments) == 2500


def test_the_same_key_for_another_request_is_refused(payments: Payments) -> None:
    submit(payments)
    with pytest.raises(IdempotencyKeyReused):
        submit(payments, 2600)
    with pytest.raises(IdempotencyKeyReused):
        submit(payments, method="BANK_TRANSFER")


def test_another_account_may_use_the_same_key(payments: Payments) -> None:
    ledger: Ledger = payments.load(Ledger.id_for(OTHER_LEDGER))
    ledger.credit(3000, reason_code="GOODWILL", source="test", posted_at=NOW, limit=LEDGER_BALANCE_LIMIT)
    payments.save(ledger)
    submit(payments)
    assert submit(payments, account_number=OTHER, ledger_number=OTHER_LEDGER).account_number == OTHER


def test_the_ledger_is_named_by_exactly_one_of_id_and_number(payments: Payments) -> None:
    with pytest.raises(LedgerIdAndNumberBothGiven):
        submit(payments, ledger_id="1")
    with pytest.raises(LedgerNotIdentified):
        submit(payments, ledger_number=None)


def test_another_account_s_ledger_is_refused(payments: Payments) -> None:
    # submitRepaymentRequest answers it as unauthorised (KT-CT-1111)
    with pytest.raises(LedgerAccessDenied):
        submit(payments, ledger_number=OTHER_LEDGER)


# Cancelling ----------------------------------------------------------------------------------------


def cancel(payments: Payments, request_id: str, account_number: str = ACCOUNT) -> RepaymentRequest:
    return payments.cancel_repayment_request(
        commands.CancelRepaymentRequest(account_number=account_number, request_id=request_id)
    )


def test_a_request_is_cancelled_until_its_payout_starts(payments: Payments) -> None:
    request = submit(payments)
    assert cancel(payments, str(request.number)).wire_status == "CANCELLED"
    assert outstanding(payments) == 0
    with pytest.raises(RepaymentNotCancellable):
        cancel(payments, str(request.number))
    started = submit(payments, key="k-2")
    assert payments.start_repayment_payout(str(started.number)) is not None
    with pytest.raises(RepaymentNotCancellable):
        cancel(payments, str(started.number))


def test_cancelling_an_unknown_or_another_account_s_request_is_refused(payments: Payments) -> None:
    request = submit(payments)
    with pytest.raises(RepaymentRequestNotFound):
        cancel(payments, "1000000")
    with pytest.raises(RepaymentRequestAccessDenied):
        cancel(payments, str(request.number), account_number=OTHER)


# Paying out ----------------------------------------------------------------------------------------


def started(payments: Payments, **changes: object) -> str:
    request_id = str(submit(payments, **changes).number)
    order = payments.start_repayment_payout(request_id)
    assert order is not None and order.idempotency_key == f"repayment:{request_id}"
    payments.record_repayment_payout_submitted(request_id, "sbx_po_1")
    return request_id


def test_the_payout_is_posted_once_when_it_starts_and_paid_posts_nothing_more(payments: Payments) -> None:
    request_id = started(payments)
    assert payments.settle_repayment_payout(request_id, "SUCCEEDED", None, DEADLINE) is RepaymentState.PAID
    assert payments.settle_repayment_payout(request_id, "SUCCEEDED", None, DEADLINE) is RepaymentState.PAID
    ledger_events = list(payments.repository.event_store.get(Ledger.id_for(LEDGER)))
    repayments = [e for e in ledger_events if isinstance(e, Ledger.Posted) and e.kind == "REPAYMENT"]
    assert [(e.amount, e.source) for e in repayments] == [(-2500, f"repayment:{request_id}")]
    assert (balance(payments), outstanding(payments)) == (7500, 0)


def test_a_failed_payout_gives_the_money_back_and_frees_the_credit(payments: Payments) -> None:
    request_id = started(payments)
    assert payments.settle_repayment_payout(request_id, "FAILED", "declined", DEADLINE) is RepaymentState.FAILED
    assert (balance(payments), outstanding(payments)) == (10_000, 0)
    found = payments.repayment_request(request_id)
    assert found is not None and found.wire_status == "REJECTED"


def test_a_pending_payout_fails_only_once_its_deadline_has_passed(payments: Payments, clock: FrozenClock) -> None:
    request_id = started(payments)
    clock.advance(DEADLINE - timedelta(seconds=1))
    assert payments.settle_repayment_payout(request_id, "PENDING", None, DEADLINE) is RepaymentState.PAYING
    clock.advance(timedelta(seconds=1))
    assert payments.settle_repayment_payout(request_id, "PENDING", None, DEADLINE) is RepaymentState.FAILED
    found = payments.repayment_request(request_id)
    assert found is not None and found.failure_code == "settle_deadline"


def test_a_started_payout_gives_the_same_order_again(payments: Payments) -> None:
    request_id = started(payments)
    order = payments.start_repayment_payout(request_id)
    assert order is not None and order.reference == "sbx_po_1"
    found = payments.repayment_request(request_id)
    assert found is not None and names(payments, found).count("PayoutStarted") == 1


def test_a_bank_transfer_is_paid_to_the_ledger_s_direct_debit_account(payments: Payments) -> None:
    payments.set_up_direct_debit_instruction(
        commands.SetUpDirectDebitInstruction(
            account_number=ACCOUNT,
            valid_from=NOW - timedelta(days=1),
            bank_details=commands.BankDetails(account_holder="Ada", sort_code="20-00-00", account_number="55779911"),
            account_user_id="ada",
            ledger_number=LEDGER,
        )
    )
    request_id = str(submit(payments, method="BANK_TRANSFER").number)
    order = payments.start_repayment_payout(request_id)
    assert order is not None
    assert (order.method, order.payee, order.destination) == ("BANK_TRANSFER", "Ada", "200000/55779911")


def test_a_bank_transfer_without_bank_details_fails_before_the_provider_is_asked(payments: Payments) -> None:
    request_id = str(submit(payments, method="BANK_TRANSFER").number)
    assert payments.start_repayment_payout(request_id) is None
    found = payments.repayment_request(request_id)
    assert found is not None and (found.state, found.failure_code) == (RepaymentState.FAILED, "no_bank_details")
    assert outstanding(payments) == 0


def test_a_request_not_approved_is_not_paid_out(payments: Payments) -> None:
    request_id = str(submit(payments, 8000).number)
    assert payments.start_repayment_payout(request_id) is None
    assert payments.settle_repayment_payout(request_id, "SUCCEEDED", None, DEADLINE) is RepaymentState.REQUESTED


def test_credit_charged_away_after_approval_is_not_paid_out(payments: Payments) -> None:
    # given a request for £25 approved, then a £90 bill posted before the worker starts the payout
    request_id = str(submit(payments).number)
    ledger = payments.ledger(LEDGER)
    assert ledger is not None
    ledger.post(EntryKind.CHARGE, -9000, reason_code="BILL", source="bill:1", posted_at=NOW, limit=LEDGER_BALANCE_LIMIT)
    payments.save(ledger)
    # when the worker starts the payout
    order = payments.start_repayment_payout(request_id)
    # then nothing leaves the ledger: only £10 is left
    found = payments.repayment_request(request_id)
    assert order is None and found is not None and found.failure_code == "insufficient_credit"
    assert (balance(payments), outstanding(payments)) == (1000, 0)
