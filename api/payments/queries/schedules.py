"""An account's payment schedules (`account { paymentSchedules }`), the latest to start first."""

from __future__ import annotations

import datetime
from typing import Any

import strawberry

from api.payments.queries.account_ledgers import ledgers_of
from api.payments.types import PaymentScheduleReasonOptions, PaymentScheduleType
from api.shared.connections import Connection, window_of
from domain.payments.payment_schedule import Schedule, ScheduleKind, ScheduleReason, ScheduleType
from projections.pages import page_of
from projections.payments.schedules import ScheduleFilter

SCHEDULES = "paymentSchedules"


def schedule_of(row: dict[str, Any]) -> Schedule:
    """A schedule as the domain describes it, from its read model row."""
    return Schedule(
        id=row["schedule_id"],
        ledger_number=row["ledger_number"],
        kind=ScheduleKind(row["kind"]),
        reason=ScheduleReason(row["reason"]),
        valid_from=datetime.date.fromisoformat(row["valid_from"]),
        valid_to=datetime.date.fromisoformat(row["valid_to"]) if row["valid_to"] else None,
        payment_day=row["payment_day"],
        amount=row["amount"],
        trigger_threshold=row["trigger_threshold"],
        instruction_number=row["instruction_number"],
        schedule_type=ScheduleType(row["schedule_type"]),
    )


@strawberry.type(name="PaymentScheduleConnectionTypeEdge")
class PaymentScheduleEdge:
    node: PaymentScheduleType | None = strawberry.field(description="The item at the end of the edge")
    cursor: str = strawberry.field(description="A cursor for use in pagination")


@strawberry.type(name="PaymentScheduleConnectionTypeConnection")
class PaymentScheduleConnection(Connection):
    edges: list[PaymentScheduleEdge | None] = strawberry.field(description="Contains the nodes in this connection.")


async def payment_schedules(
    info: strawberry.Info,
    account_number: str,
    active_on_date: datetime.date | None,
    active: bool | None,
    include_dormant: bool | None,
    ledger_type: int | None,
    ledger_id: strawberry.ID | None,
    reason: PaymentScheduleReasonOptions | None,
    before: str | None,
    after: str | None,
    first: int | None,
    last: int | None,
) -> PaymentScheduleConnection:
    window = window_of(SCHEDULES, (str, int), info.context.settings.max_page_size, first, after, last, before)
    ledgers = await ledgers_of(info, account_number) if ledger_id is not None or ledger_type is not None else []
    today = info.context.contexts.payments.clock.now().date()
    chosen = _chosen(ledgers, today, active_on_date, active, include_dormant, ledger_type, ledger_id, reason)
    schedules = info.context.contexts.read.schedules
    page = await info.context.loader(schedules.schedule_pages, chosen, window).load(account_number)

    async def counted() -> int:
        return int(await info.context.loader(schedules.schedule_counts, chosen).load(account_number))

    return PaymentScheduleConnection.paged(
        SCHEDULES, page, lambda row: PaymentScheduleType.of(schedule_of(row)), PaymentScheduleEdge, counted
    )


def _chosen(
    ledgers: list[dict[str, Any]],
    today: datetime.date,
    active_on_date: datetime.date | None,
    active: bool | None,
    include_dormant: bool | None,
    ledger_type: int | None,
    ledger_id: strawberry.ID | None,
    reason: PaymentScheduleReasonOptions | None,
) -> ScheduleFilter:
    """The filter the arguments ask for; `ledgers` are the account's ledger rows (needed only to name a ledger)."""
    ledger_number = None
    if ledger_id is not None or ledger_type is not None:
        named = [
            row["number"]
            for row in ledgers
            if (ledger_id is None or str(row["id"]) == str(ledger_id))
            and (ledger_type is None or row["id"] == ledger_type)
        ]
        # A ledger that is not the account's has no schedules to show.
        ledger_number = named[0] if named else ""
    return ScheduleFilter(
        today=today,
        ledger_number=ledger_number,
        active_on=active_on_date,
        active=active,
        include_dormant=include_dormant is not False,
        reason=reason.value if reason is not None else None,
    )


def historical_schedules(
    info: strawberry.Info,
    schedules: list[dict[str, Any]],
    ledgers: list[dict[str, Any]],
    today: datetime.date,
    active_on_date: datetime.date | None,
    active: bool | None,
    include_dormant: bool | None,
    ledger_type: int | None,
    ledger_id: strawberry.ID | None,
    reason: PaymentScheduleReasonOptions | None,
    before: str | None,
    after: str | None,
    first: int | None,
    last: int | None,
) -> PaymentScheduleConnection:
    """The account's schedules as they stood at a past moment (`schedules`, `ledgers`: replayed rows), filtered
    and paged as `payment_schedules` does the read model's; `today` is the moment's day."""
    window = window_of(SCHEDULES, (str, int), info.context.settings.max_page_size, first, after, last, before)
    chosen = _chosen(ledgers, today, active_on_date, active, include_dormant, ledger_type, ledger_id, reason)
    kept = [row for row in schedules if chosen.keeps(row)]

    async def counted() -> int:
        return len(kept)

    page = page_of(kept, ("valid_from", "schedule_id"), window)
    return PaymentScheduleConnection.paged(
        SCHEDULES, page, lambda row: PaymentScheduleType.of(schedule_of(row)), PaymentScheduleEdge, counted
    )
