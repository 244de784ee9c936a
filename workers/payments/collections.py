"""The collection actor: collecting submitted payments through the provider and recording how they
settle; and the scheduler's job for future-dated payments. (A payment due when it is requested is
submitted by the Payments application's own policy, domain/payments/application.py.)

Exactly one charge per payment, whatever fails: the provider is always asked under the payment's
own idempotency key (recorded when it was submitted), so a worker killed after the provider
accepted a charge and before the reference was recorded asks again on redelivery and gets the
same charge back. Results go back to the domain as commands, which ignore a result already
recorded, so a redelivered message records nothing twice.

Retries: with a broker, an actor that finds the provider unavailable or the payment still pending
raises, and Dramatiq retries it with backoff. In the embedded default the relay runs actors inline,
where raising would hold up every later payment; there the actor returns, and the scheduler's job
checks unsettled payments again on every tick. Either way a payment still unsettled
`payment_settle_deadline_seconds` after its submission is recorded failed (retries exhausted).
"""

from __future__ import annotations

import logging
import os
from datetime import date, timedelta
from pathlib import Path

import dramatiq

from domain.payments.application import Payments
from domain.payments.collection_commands import NO_INSTRUCTION
from domain.payments.ledger import Ledger
from domain.payments.payment import Payment, PaymentStatus
from projections.contexts import Contexts
from workers import runtime
from workers.broker import delivered_by_broker
from workers.payments.provider import Outcome, PaymentProvider, ProviderUnavailable, settle_deadline

log = logging.getLogger(__name__)

# Fault injection for the crash test (tests/workers/payments/test_collection_crash.py): the worker
# process dies at the named point once, as a power cut would; a marker file in the data directory
# makes the next worker carry on normally.
FAULT_VARIABLE = "KRAKEN_FAULT"
AFTER_PROVIDER_COLLECT = "exit-after-provider-collect"


class PaymentUnsettled(dramatiq.Retry):
    """The provider has not settled the payment yet (or could not be reached): ask again later.

    A Retry: Dramatiq retries it with the actor's backoff without logging an expected wait as an error."""


def _fault(point: str) -> None:
    if os.environ.get(FAULT_VARIABLE) != point:
        return
    marker = Path(runtime.settings().data_dir) / f"fault-{point}"
    if marker.exists():
        return
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()
    log.warning("fault injection: exiting at %s", point)
    os._exit(1)


# Backoff from 2 s doubling to 5 minutes: 30 retries outlast the default one-hour settlement deadline,
# after which the next attempt records the payment failed.
@dramatiq.actor(queue_name="payments", max_retries=30, min_backoff=2_000, max_backoff=300_000)
def collect_submitted_payment(number: int) -> None:
    """A payment was submitted: collect it through the provider and record how it settles."""
    settled = settle(runtime.contexts().payments, runtime.provider(), settle_deadline(runtime.settings()), number)
    if not settled and delivered_by_broker():
        raise PaymentUnsettled(f"payment {number} is not settled yet")


def settle(payments: Payments, provider: PaymentProvider, deadline: timedelta, number: int) -> bool:
    """Collects a submitted payment (once, under its key) and records its outcome if the provider
    has one; True when the payment is settled (now or before), False to ask again later."""
    payment = payments.payment(number)
    if payment is None or payment.status is not PaymentStatus.SUBMITTED:
        return True
    assert payment.provider_key is not None
    # The reference of a charge just accepted goes into the same save as its outcome: a crash before
    # that save loses nothing, since the provider gives the same charge back under the same key.
    unrecorded: str | None = None
    read: list[Payment | Ledger] = [payment]
    try:
        reference = payment.reference
        if reference is None:
            instruction = payments.instruction_of(payment)
            ledger = payments.ledger(payment.ledger_number)
            if instruction is None or ledger is None:
                payments.record_payment_failed(number, NO_INSTRUCTION)
                return True
            accepted = provider.collect(
                idempotency_key=payment.provider_key,
                amount=payment.amount,
                currency=ledger.currency,
                instruction_type=instruction.instruction_type.value,
                vendor_reference=instruction.vendor_reference,
            )
            _fault(AFTER_PROVIDER_COLLECT)
            reference = unrecorded = accepted.reference
            read.append(ledger)
        result = provider.collection(reference)
    except ProviderUnavailable:
        log.info("payment %s: provider unavailable", number)
        return _unsettled(payments, deadline, number, unrecorded)
    if result.status is Outcome.SUCCEEDED:
        payments.record_payment_succeeded(number, unrecorded, read=read)
    elif result.status is Outcome.FAILED:
        payments.record_payment_failed(number, result.failure_code or Outcome.FAILED.value, unrecorded)
    else:
        return _unsettled(payments, deadline, number, unrecorded)
    return True


def _unsettled(payments: Payments, deadline: timedelta, number: int, unrecorded: str | None) -> bool:
    """No outcome yet: the charge's reference is kept for the next status query, and the payment
    failed if its deadline has passed; True when it is settled."""
    if unrecorded is not None:
        payments.record_payment_accepted(number, unrecorded)
    return payments.expire_payment(number, deadline)


def collect_due_payments(contexts: Contexts, today: date) -> int:
    """The scheduler's job: submits requested payments whose day has come, and follows up payments
    still unsettled (inline when no broker retries them; otherwise only to fail those past their
    deadline, should their messages have run out of retries). Returns the commands sent."""
    payments = contexts.payments
    sent = 0
    for number in contexts.read.payments.due(today):
        payments.submit_payment(number)
        sent += 1
    deadline = settle_deadline(runtime.settings())
    inline = not runtime.settings().broker_url
    for number in contexts.read.payments.unsettled():
        if inline:
            settle(payments, runtime.provider(), deadline, number)
        else:
            payments.expire_payment(number, deadline)
        sent += 1
    return sent
