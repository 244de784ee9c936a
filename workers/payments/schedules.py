"""The scheduler's job for payment schedules: fixed payments whose day has come, and balance-triggered top-ups.

The job reads the schedules read model for what is due and sends commands; it decides nothing.
Collecting twice is prevented twice over:
- the idempotency key names the ledger and the period (`schedule:<ledger>:<yyyy-mm>` for a fixed
  schedule, `top-up:<ledger>:<yyyy-mm-dd>` for a top-up), so a second run, a lagging read model or
  a schedule replaced mid-month after its payment was taken gets the first payment back (or a
  refusal, for a different amount) from collect_payment, never a second one;
- once asked, the collection is recorded on the ledger's schedules (record_schedule_collection),
  so the read model stops listing it as due for the rest of the period.
A top-up is asked at most once a day, and not while the last one is unsettled: until it settles,
the balance it will raise stays low.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from domain.payments import commands
from domain.payments.payment_schedule import ScheduleType
from domain.shared.errors import KrakenError
from projections.contexts import Contexts
from projections.payments.schedules import fixed_period, top_up_period

log = logging.getLogger(__name__)


def collect_due_schedules(contexts: Contexts, today: date) -> int:
    """Asks for every payment the schedules owe today; returns how many new collections it asked for
    (a rerun that got an earlier payment back counts none)."""
    sent = 0
    for schedule in contexts.read.schedules.due_fixed(today):
        period = fixed_period(today)
        key = f"schedule:{schedule['ledger_number']}:{period}"
        sent += _collect(contexts, schedule, period, key, today)
    for schedule in contexts.read.schedules.due_top_ups(today):
        period = top_up_period(today)
        key = f"top-up:{schedule['ledger_number']}:{period}"
        sent += _collect(contexts, schedule, period, key, today)
    return sent


def _collect(contexts: Contexts, schedule: dict[str, Any], period: str, key: str, today: date) -> int:
    method = "DIRECT_DEBIT" if schedule["schedule_type"] == ScheduleType.DIRECT_DEBIT.value else "CARD"
    command = commands.CollectPayment(
        account_number=schedule["account_number"],
        amount=schedule["amount"],
        payment_date=today,
        description=f"Payment schedule {schedule['schedule_id']} ({period})",
        idempotency_key=key,
        collection_method=method,
        ledger_number=schedule["ledger_number"],
    )
    try:
        payment = contexts.payments.collect_payment(command)
    except KrakenError as refused:
        # E.g. the collecting instruction was invalidated: nothing to take it with. The schedule
        # stays due, so the payment is asked for again on the next tick of the period.
        log.warning("schedule %s: payment for %s refused: %s", schedule["schedule_id"], period, refused.detail)
        return 0
    recorded = contexts.payments.record_schedule_collection(
        commands.RecordScheduleCollection(
            ledger_number=schedule["ledger_number"],
            schedule_id=schedule["schedule_id"],
            period=period,
            payment_id=payment.number,
        )
    )
    # A rerun before the read model caught up got the first payment back: not a new collection.
    return 1 if recorded else 0
