"""The payout actor: paying approved repayment requests out through the provider, and the
scheduler's job that follows up payouts not settled yet.

Exactly one payout per request, whatever fails: the domain records PayoutStarted with the
request's own idempotency key before the provider is asked, so a worker killed after the provider
accepted the payout and before its reference was recorded asks again on redelivery and gets the
same payout back. Results go back to the domain as commands, which ignore a result already
recorded; the ledger's REPAYMENT entry is written in the same save as Paid, so it is posted once.

Retries follow the collections actors (workers/payments/collections.py): with a broker, a payout
still pending or a provider unavailable raises and Dramatiq retries with backoff; in the embedded
default the relay runs the actor inline, where raising would hold up later payouts, so it returns
and the scheduler's job asks again on every tick. Either way a payout still unsettled
`payment_settle_deadline_seconds` after it started is recorded failed, and its credit is freed.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

import dramatiq

from domain.payments.application import Payments
from domain.payments.repayment_request import RepaymentState
from projections.contexts import Contexts
from workers import runtime
from workers.broker import delivered_by_broker
from workers.payments.provider import PaymentProvider, ProviderUnavailable, settle_deadline

log = logging.getLogger(__name__)


class PayoutUnsettled(Exception):
    """The provider has not settled the payout yet (or could not be reached): ask again later."""


# Backoff from 2 s doubling to 5 minutes: 30 retries outlast the default one-hour settlement
# deadline, after which the next attempt records the payout failed.
@dramatiq.actor(queue_name="payments", max_retries=30, min_backoff=2_000, max_backoff=300_000)
def pay_out_repayment(request_id: str) -> None:
    """A repayment request was approved: pay it out through the provider and record how it settles."""
    settled = pay_out(runtime.contexts().payments, runtime.provider(), settle_deadline(runtime.settings()), request_id)
    if not settled and delivered_by_broker():
        raise PayoutUnsettled(f"repayment {request_id} is not paid out yet")


def pay_out(payments: Payments, provider: PaymentProvider, deadline: timedelta, request_id: str) -> bool:
    """Pays out an approved request (once, under its key) and records the outcome if the provider
    has one; True when there is nothing more to do, False to ask again later."""
    order = payments.start_repayment_payout(request_id)
    if order is None:
        return True
    try:
        reference = order.reference
        if not reference:
            accepted = provider.pay_out(
                idempotency_key=order.idempotency_key,
                amount=order.amount,
                currency=order.currency,
                method=order.method,
                payee=order.payee,
                destination=order.destination,
            )
            payments.record_repayment_payout_submitted(request_id, accepted.reference)
            reference = accepted.reference
        result = provider.payout(reference)
    except ProviderUnavailable:
        log.info("repayment %s: provider unavailable", request_id)
        state = payments.settle_repayment_payout(request_id, "PENDING", None, deadline)
    else:
        state = payments.settle_repayment_payout(request_id, result.status.value, result.failure_code, deadline)
    log.info("repayment %s: %s", request_id, state.value)
    return state is not RepaymentState.PAYING


def settle_repayments(contexts: Contexts, today: date) -> int:
    """The scheduler's job: follows up approved requests not paid out yet (inline when no broker
    retries them; otherwise only to fail those past their deadline, should their messages have
    run out of retries). Returns the commands sent."""
    payments = contexts.payments
    inline = not runtime.settings().broker_url
    deadline = settle_deadline(runtime.settings())
    sent = 0
    for number in contexts.read.repayments.unsettled():
        if inline:
            pay_out(payments, runtime.provider(), deadline, str(number))
        else:
            payments.settle_repayment_payout(str(number), "PENDING", None, deadline)
        sent += 1
    return sent
