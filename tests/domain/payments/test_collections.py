"""Collections in the payments application (in memory): requests, idempotency keys, submission and
settlement, and the one rule that matters most: only a succeeded payment moves money, once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.payments import commands
from domain.payments.application import Payments
from domain.payments.collection_commands import NO_INSTRUCTION, UNSETTLED
from domain.payments.errors import (
    AmountInvalid,
    CollectionMethodMissing,
    HostedPaymentLedgerNotIdentified,
    IdempotencyKeyReused,
    LedgerAccessDenied,
    LedgerIdAndNumberBothGiven,
    LedgerNotFound,
    LedgerNotIdentified,
    PaymentAmendmentAccessDenied,
    PaymentCollectionDataInvalid,
)
from domain.payments.ledger import Ledger
from domain.payments.payment import PaymentOrigin, PaymentStatus
from domain.shared.clock import FrozenClock
from domain.shared.errors import KrakenError

ACCOUNT, OTHER = "A-ABCD2345", "A-WXYZ6789"
LEDGER, OTHER_LEDGER = "L-ABCD2345", "L-WXYZ6789"
NOW = datetime(2026, 5, 1, 9, tzinfo=UTC)
TODAY = NOW.date()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
def payments(clock: FrozenClock) -> Payments:
    app = Payments({"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock)
    app.save(Ledger.open(ACCOUNT, NOW), Ledger.open(OTHER, NOW))
    return app


def with_direct_debit(payments: Payments) -> None:
    payments.set_up_direct_debit_instruction(
        commands.SetUpDirectDebitInstruction(
            account_number=ACCOUNT,
            valid_from=NOW - timedelta(days=1),
            bank_details=commands.BankDetails(account_holder="Ada", sort_code="20-00-00", account_number="55779911"),
            account_user_id="ada",
            ledger_number=LEDGER,
        )
    )


def collect(on: date = TODAY, amount: int = 2500, key: str = "k-1", **changes: object) -> commands.CollectPayment:
    fields: dict[str, object] = {
        "account_number": ACCOUNT,
        "amount": amount,
        "payment_date": on,
        "description": "Top up",
        "idempotency_key": key,
        "collection_method": "DIRECT_DEBIT",
        "ledger_number": LEDGER,
    }
    return commands.CollectPayment(**(fields | changes))  # type: ignore[arg-type]


def test_a_payment_collected_today_is_requested_and_moves_no_money_yet(payments: Payments) -> None:
    # given
    with_direct_debit(payments)
    # when
    payment = payments.collect_payment(collect())
    # then
    assert (payment.status, payment.amount, payment.origin) == (PaymentStatus.REQUESTED, 2500, PaymentOrigin.COLLECTION)
    assert payments.ledger(LEDGER).balance == 0


def test_the_same_key_and_request_give_the_first_payment_and_another_request_is_refused(payments: Payments) -> None:
    with_direct_debit(payments)
    first = payments.collect_payment(collect())
    assert payments.collect_payment(collect()).number == first.number
    with pytest.raises(IdempotencyKeyReused):
        payments.collect_payment(collect(amount=2600))
    # a new key is a new payment
    assert payments.collect_payment(collect(key="k-2")).number != first.number


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"amount": 0}, AmountInvalid),
        ({"amount": -5}, AmountInvalid),
        ({"on": TODAY - timedelta(days=1)}, PaymentCollectionDataInvalid),
        ({"collection_method": None}, PaymentCollectionDataInvalid),  # today needs a method
        ({"collection_method": "CARD"}, PaymentCollectionDataInvalid),  # and an instruction of that type
        ({"collection_method": "BPAY"}, PaymentCollectionDataInvalid),
        ({"key": " "}, PaymentCollectionDataInvalid),
        ({"ledger_number": OTHER_LEDGER}, LedgerAccessDenied),
        ({"ledger_id": "12"}, LedgerIdAndNumberBothGiven),
        ({"ledger_number": None}, LedgerNotIdentified),
    ],
)
def test_invalid_collections_are_refused(
    payments: Payments, changes: dict[str, object], error: type[KrakenError]
) -> None:
    with_direct_debit(payments)
    with pytest.raises(error):
        payments.collect_payment(collect(**changes))


def test_a_future_payment_needs_no_instruction_until_its_day(payments: Payments, clock: FrozenClock) -> None:
    # given a payment for next week, and no instruction
    payment = payments.collect_payment(collect(on=TODAY + timedelta(days=7), collection_method=None))
    # when it is submitted before its day, nothing happens
    assert payments.submit_payment(payment.number).status is PaymentStatus.REQUESTED
    # and on its day with no instruction, it fails
    clock.advance(timedelta(days=7))
    failed = payments.submit_payment(payment.number)
    assert (failed.status, failed.failure_reason) == (PaymentStatus.FAILED, NO_INSTRUCTION)


def test_a_submitted_payment_that_succeeds_posts_once(payments: Payments) -> None:
    # given a submitted payment
    with_direct_debit(payments)
    payment = payments.collect_payment(collect())
    submitted = payments.submit_payment(payment.number)
    assert (submitted.status, submitted.provider_key) == (PaymentStatus.SUBMITTED, f"payment:{payment.number}")
    assert submitted.instruction_type == "DIRECT_DEBIT"
    payments.record_payment_accepted(payment.number, "sbx_ch_1")
    # when it succeeds twice (a redelivered message)
    payments.record_payment_succeeded(payment.number)
    payments.record_payment_succeeded(payment.number)
    # then the ledger got one PAYMENT entry
    ledger = payments.ledger(LEDGER)
    assert ledger.balance == 2500
    assert payments.payment(payment.number).status is PaymentStatus.SUCCEEDED


def test_a_success_recorded_with_its_reference_posts_once_even_from_state_read_before_another_success(
    payments: Payments,
) -> None:
    # given a submitted payment, and the payment and its ledger as a worker read them before collecting
    with_direct_debit(payments)
    payment = payments.collect_payment(collect())
    submitted = payments.submit_payment(payment.number)
    read = [payments.payment(payment.number), payments.ledger(LEDGER)]
    # when another worker records the success first (a message delivered twice), and then this one
    # records it from what it read, with the reference the provider gave it
    payments.record_payment_succeeded(payment.number, "sbx_ch_1")
    again = payments.record_payment_succeeded(payment.number, "sbx_ch_1", read=read)
    # then the stale save conflicted, the retry saw the success, and the ledger got one PAYMENT entry
    assert (again.status, again.reference) == (PaymentStatus.SUCCEEDED, "sbx_ch_1")
    assert submitted.reference is None
    assert payments.ledger(LEDGER).balance == 2500


def test_a_failure_recorded_with_its_reference_keeps_it_and_moves_no_money(payments: Payments) -> None:
    with_direct_debit(payments)
    payment = payments.collect_payment(collect())
    payments.submit_payment(payment.number)
    failed = payments.record_payment_failed(payment.number, "declined", "sbx_ch_2")
    assert (failed.status, failed.reference) == (PaymentStatus.FAILED, "sbx_ch_2")
    assert payments.ledger(LEDGER).balance == 0


def test_a_failed_payment_moves_no_money(payments: Payments) -> None:
    with_direct_debit(payments)
    payment = payments.collect_payment(collect())
    payments.submit_payment(payment.number)
    payments.record_payment_failed(payment.number, "declined")
    payments.record_payment_succeeded(payment.number)
    assert payments.payment(payment.number).status is PaymentStatus.FAILED
    assert payments.ledger(LEDGER).balance == 0


def test_an_unsettled_payment_fails_at_its_deadline(payments: Payments, clock: FrozenClock) -> None:
    with_direct_debit(payments)
    payment = payments.collect_payment(collect())
    payments.submit_payment(payment.number)
    assert not payments.expire_payment(payment.number, timedelta(hours=1))
    clock.advance(timedelta(hours=1))
    assert payments.expire_payment(payment.number, timedelta(hours=1))
    assert payments.payment(payment.number).failure_reason == UNSETTLED


def test_a_waiting_payment_is_amended_and_a_submitted_one_is_not(payments: Payments) -> None:
    with_direct_debit(payments)
    later = payments.collect_payment(collect(on=TODAY + timedelta(days=3), key="later"))
    amended = payments.amend_payment(
        commands.AmendPayment(account_number=ACCOUNT, payment_id=later.number, amount=999, payment_date=TODAY)
    )
    assert (amended.amount, amended.payment_date) == (999, TODAY)
    payments.submit_payment(later.number)
    for refused in (
        commands.AmendPayment(account_number=ACCOUNT, payment_id=later.number, amount=1, payment_date=TODAY),
        commands.AmendPayment(account_number=OTHER, payment_id=later.number, amount=1, payment_date=TODAY),
        commands.AmendPayment(account_number=ACCOUNT, payment_id=1, amount=1, payment_date=TODAY),
    ):
        with pytest.raises(PaymentAmendmentAccessDenied):
            payments.amend_payment(refused)


def test_a_standalone_payment_is_completed_by_the_provider_and_settles_like_any_other(payments: Payments) -> None:
    # given
    started = payments.initiate_standalone_payment(
        commands.InitiateStandalonePayment(account_number=ACCOUNT, amount=1200, description="One-off")
    )
    # the secrets are never stored, only their digests
    assert started.retrieval_token not in repr(started.payment.__dict__)
    assert started.client_secret not in repr(started.payment.__dict__)
    # the worker never submits it: the customer pays through the form, for the amount shown
    assert payments.submit_payment(started.payment.number).status is PaymentStatus.REQUESTED
    with pytest.raises(PaymentAmendmentAccessDenied):
        payments.amend_payment(
            commands.AmendPayment(
                account_number=ACCOUNT, payment_id=started.payment.number, amount=1, payment_date=TODAY
            )
        )
    # when the provider confirms it
    with pytest.raises(LookupError):
        payments.complete_standalone_payment(started.retrieval_token + "x", "sbx_ch_9")
    completed = payments.complete_standalone_payment(started.retrieval_token, "sbx_ch_9")
    payments.record_payment_succeeded(completed.number)
    # then
    assert (completed.status, completed.reference) == (PaymentStatus.SUBMITTED, "sbx_ch_9")
    assert payments.ledger(LEDGER).balance == 1200


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"ledger_number": "L-22222222"}, LedgerNotFound),
        ({"ledger_number": OTHER_LEDGER}, LedgerAccessDenied),
        ({"ledger_number": LEDGER, "ledger_id": "1"}, HostedPaymentLedgerNotIdentified),
        ({"ledger_number": None}, HostedPaymentLedgerNotIdentified),
        ({"collection_method": "DIRECT_DEBIT"}, CollectionMethodMissing),
    ],
)
def test_hosted_payments_are_refused(payments: Payments, changes: dict[str, object], error: type[KrakenError]) -> None:
    fields: dict[str, object] = {
        "account_number": ACCOUNT,
        "amount": 1200,
        "description": "One-off",
        "collection_method": "CARD",
        "ledger_number": LEDGER,
    }
    with pytest.raises(error):
        payments.initiate_hosted_standalone_payment(
            commands.InitiateHostedStandalonePayment(**(fields | changes))  # type: ignore[arg-type]
        )


def test_a_standalone_payment_of_nothing_is_an_invalid_amount(payments: Payments) -> None:
    with pytest.raises(AmountInvalid):
        payments.initiate_standalone_payment(
            commands.InitiateStandalonePayment(account_number=ACCOUNT, amount=0, description="Nothing")
        )
