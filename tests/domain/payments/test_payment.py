"""The Payment aggregate: requested → submitted → succeeded / failed / cancelled, as events."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.payments.errors import PaymentAmendmentAccessDenied
from domain.payments.payment import Payment, PaymentOrigin, PaymentStatus

AT = datetime(2026, 5, 1, 9, tzinfo=UTC)


def requested(amount: int = 2500, on: date = date(2026, 5, 8)) -> Payment:
    return Payment.request(
        number=1234567,
        account_number="A-ABCD2345",
        ledger_number="L-ABCD2345",
        amount=amount,
        payment_date=on,
        description="Top up",
        collection_method="DIRECT_DEBIT",
        origin=PaymentOrigin.COLLECTION,
        requested_at=AT,
    )


def names(payment: Payment) -> list[str]:
    return [type(e).__name__ for e in payment.collect_events()]


def test_a_payment_goes_from_requested_to_succeeded_through_the_provider() -> None:
    # given
    payment = requested()
    # when
    payment.submit(42, "DIRECT_DEBIT", AT)
    payment.accept("sbx_ch_1", AT)
    recorded = payment.succeed(AT)
    # then
    assert recorded
    assert names(payment) == ["Requested", "Submitted", "Accepted", "Succeeded"]
    assert (payment.status, payment.provider_key, payment.reference) == (
        PaymentStatus.SUCCEEDED,
        "payment:1234567",
        "sbx_ch_1",
    )


def test_a_second_success_records_nothing() -> None:
    # given a succeeded payment
    payment = requested()
    payment.submit(42, "DIRECT_DEBIT", AT)
    payment.succeed(AT)
    payment.collect_events()
    # when it succeeds again (a redelivered message)
    again = payment.succeed(AT)
    # then
    assert not again
    assert names(payment) == []


def test_the_provider_key_is_the_payments_own_and_never_changes() -> None:
    payment = requested()
    payment.submit(42, "DIRECT_DEBIT", AT)
    payment.submit(43, "CARD", AT + timedelta(hours=1))  # a second submission is ignored
    payment.accept("sbx_ch_1", AT)
    payment.accept("sbx_ch_2", AT)  # the first reference stays
    assert names(payment) == ["Requested", "Submitted", "Accepted"]
    assert (payment.provider_key, payment.instruction_number, payment.reference) == ("payment:1234567", 42, "sbx_ch_1")


def test_a_waiting_payment_can_be_amended_and_a_submitted_one_cannot() -> None:
    # given
    payment = requested()
    # when
    payment.amend(3000, date(2026, 5, 9), "more", AT)
    # then
    assert (payment.amount, payment.payment_date) == (3000, date(2026, 5, 9))
    # and once submitted, the amount sent to the provider stays
    payment.submit(42, "DIRECT_DEBIT", AT)
    with pytest.raises(PaymentAmendmentAccessDenied):
        payment.amend(1, date(2026, 5, 9), "less", AT)
    assert names(payment) == ["Requested", "Amended", "Submitted"]


def test_a_failure_or_cancellation_is_final() -> None:
    # a submitted payment that fails stays failed
    failed = requested()
    failed.submit(42, "DIRECT_DEBIT", AT)
    failed.fail("declined", AT)
    assert not failed.succeed(AT)
    assert (failed.status, failed.failure_reason) == (PaymentStatus.FAILED, "declined")
    # a cancelled payment is never submitted
    cancelled = requested()
    cancelled.cancel("customer asked", AT)
    cancelled.submit(42, "DIRECT_DEBIT", AT)
    assert names(cancelled) == ["Requested", "Cancelled"]
    assert cancelled.settled


def test_a_payment_replays_to_the_same_state() -> None:
    # given a history
    payment = requested()
    payment.amend(3000, date(2026, 5, 9), "more", AT)
    payment.submit(42, "DIRECT_DEBIT", AT)
    payment.accept("sbx_ch_1", AT)
    payment.succeed(AT)
    events = payment.collect_events()
    # when it is rebuilt from its events
    copy = None
    for e in events:
        copy = e.mutate(copy)
    # then
    assert isinstance(copy, Payment)
    assert (copy.amount, copy.status, copy.reference, copy.version) == (3000, PaymentStatus.SUCCEEDED, "sbx_ch_1", 5)
