"""Payment schedules and what the scheduler has asked them to collect (answers "which schedules are due today?").

Dates are ISO text, so that comparing them as text compares them as dates on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.payments.payment import PaymentStatus
from domain.payments.payment_schedule import PaymentSchedules, ScheduleKind
from projections.projection import Projection
from projections.store import Cursor, ReadStore

_COLUMNS = (
    "schedule_id",
    "ledger_number",
    "account_number",
    "kind",
    "reason",
    "valid_from",
    "valid_to",
    "payment_day",
    "amount",
    "trigger_threshold",
    "instruction_number",
    "schedule_type",
)
_PLACEHOLDERS = ", ".join(["%s"] * len(_COLUMNS))


def fixed_period(day: date) -> str:
    """A fixed schedule collects once a month."""
    return f"{day.year:04d}-{day.month:02d}"


def top_up_period(day: date) -> str:
    """A balance-triggered schedule tops up at most once a day (a pending top-up has not raised the balance yet)."""
    return day.isoformat()


class SchedulesProjection(Projection):
    name = "payment_schedules"
    upstream = "payments"
    topics = (
        get_topic(PaymentSchedules.Added),
        get_topic(PaymentSchedules.Amended),
        get_topic(PaymentSchedules.CollectionRequested),
    )
    tables = ("payment_schedules", "payment_schedule_collections")

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS payment_schedules (schedule_id BIGINT PRIMARY KEY, "
            "ledger_number TEXT NOT NULL, account_number TEXT NOT NULL, kind TEXT NOT NULL, reason TEXT NOT NULL, "
            "valid_from TEXT NOT NULL, "
            "valid_to TEXT, payment_day INTEGER, amount BIGINT NOT NULL, trigger_threshold BIGINT, "
            "instruction_number BIGINT NOT NULL, schedule_type TEXT NOT NULL)"
        )
        cursor.execute("CREATE INDEX IF NOT EXISTS payment_schedules_by_ledger ON payment_schedules (ledger_number)")
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS payment_schedule_collections (ledger_number TEXT NOT NULL, "
            "period TEXT NOT NULL, schedule_id BIGINT NOT NULL, payment_id BIGINT NOT NULL, "
            "PRIMARY KEY (ledger_number, period, schedule_id))"
        )

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        # In order: a schedule added and amended in one batch must end amended.
        for e in events:
            if isinstance(e, PaymentSchedules.Added):
                if e.superseded:
                    cursor.executemany(
                        "UPDATE payment_schedules SET valid_to = %s WHERE schedule_id = %s",
                        [(e.superseded_to.isoformat(), number) for number in e.superseded],
                    )
                cursor.execute(
                    f"INSERT INTO payment_schedules ({', '.join(_COLUMNS)}) VALUES ({_PLACEHOLDERS})",
                    (
                        e.schedule_id,
                        e.ledger_number,
                        e.account_number,
                        e.kind,
                        e.reason,
                        e.valid_from.isoformat(),
                        None,
                        e.payment_day,
                        e.amount,
                        e.trigger_threshold,
                        e.instruction_number,
                        e.schedule_type,
                    ),
                )
            elif isinstance(e, PaymentSchedules.Amended):
                cursor.execute(
                    "UPDATE payment_schedules SET payment_day = %s, amount = %s WHERE schedule_id = %s",
                    (e.payment_day, e.amount, e.schedule_id),
                )
            elif isinstance(e, PaymentSchedules.CollectionRequested):
                cursor.execute(
                    "INSERT INTO payment_schedule_collections (ledger_number, period, schedule_id, payment_id) "
                    "SELECT ledger_number, %s, schedule_id, %s FROM payment_schedules WHERE schedule_id = %s",
                    (e.period, e.payment_id, e.schedule_id),
                )


class SchedulesView:
    projection: ClassVar[type[Projection]] = SchedulesProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def of_ledger(self, ledger_number: str) -> list[dict[str, Any]]:
        rows = self.store.rows(
            f"SELECT {', '.join(_COLUMNS)} FROM payment_schedules WHERE ledger_number = %s ORDER BY valid_from, "
            "schedule_id",
            (ledger_number,),
        )
        return [dict(zip(_COLUMNS, row, strict=True)) for row in rows]

    def due_fixed(self, today: date) -> list[dict[str, Any]]:
        """Fixed schedules active today whose payment day has come this month and whose ledger has
        not been asked for this month's payment yet."""
        day = today.isoformat()
        rows = self.store.rows(
            f"SELECT {', '.join('s.' + c for c in _COLUMNS)} FROM payment_schedules s "
            "WHERE s.kind = %s AND s.valid_from <= %s AND (s.valid_to IS NULL OR s.valid_to >= %s) "
            "AND s.payment_day <= %s AND NOT EXISTS (SELECT 1 FROM payment_schedule_collections c "
            "WHERE c.ledger_number = s.ledger_number AND c.period = %s) ORDER BY s.schedule_id",
            (ScheduleKind.FIXED.value, day, day, today.day, fixed_period(today)),
        )
        due = [dict(zip(_COLUMNS, row, strict=True)) for row in rows]
        # A schedule that started after this month's payment day first collects next month.
        return [s for s in due if today.replace(day=s["payment_day"]).isoformat() >= s["valid_from"]]

    def due_top_ups(self, today: date) -> list[dict[str, Any]]:
        """Balance-triggered schedules active today whose ledger's balance is below the trigger, that
        have not topped up today, and whose last top-up has settled (until it has, the balance it
        will raise stays low: a payment not yet in the payments read model counts as unsettled)."""
        day = today.isoformat()
        rows = self.store.rows(
            f"SELECT {', '.join('s.' + c for c in _COLUMNS)}, l.balance FROM payment_schedules s "
            "JOIN payment_ledgers l ON l.number = s.ledger_number "
            "WHERE s.kind = %s AND s.valid_from <= %s AND (s.valid_to IS NULL OR s.valid_to >= %s) "
            "AND l.balance < s.trigger_threshold AND NOT EXISTS (SELECT 1 FROM payment_schedule_collections c "
            "WHERE c.ledger_number = s.ledger_number AND c.period = %s) "
            "AND NOT EXISTS (SELECT 1 FROM payment_schedule_collections c LEFT JOIN payments p "
            "ON p.number = c.payment_id WHERE c.ledger_number = s.ledger_number AND LENGTH(c.period) = %s "
            "AND (p.status IS NULL OR p.status IN (%s, %s))) ORDER BY s.schedule_id",
            (
                ScheduleKind.BALANCE_TRIGGERED.value,
                day,
                day,
                top_up_period(today),
                len(top_up_period(today)),
                PaymentStatus.REQUESTED.value,
                PaymentStatus.SUBMITTED.value,
            ),
        )
        return [dict(zip((*_COLUMNS, "balance"), row, strict=True)) for row in rows]
