"""Payments: one row per payment with its current status (answers "which payments are due?" for
the collection scheduler, an account's payments and a ledger's payments still outstanding for
queries, and which standalone payment a retrieval token names).

A payment a schedule asked for carries the reason Kraken files it under (a regular payment, a
top-up when the balance fell below its threshold, a payment plan): the schedule's kind and reason
are kept beside the payments, since the request that names the payment does not repeat them.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from datetime import date
from enum import StrEnum
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.payments.payment import Payment, PaymentOrigin, PaymentStatus, PaymentWireStatus, wire_status
from domain.payments.payment_schedule import PaymentSchedules, ScheduleKind, ScheduleReason
from projections.pages import Listing, Page, Window
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks


class PaymentReason(StrEnum):
    """Why a payment was taken, as Kraken's PaymentReasonOptions name it (none for a one-off payment)."""

    BALANCE_THRESHOLD_CROSSED = "BALANCE_THRESHOLD_CROSSED"
    BILL_ISSUED = "BILL_ISSUED"
    PAYMENT_PLAN = "PAYMENT_PLAN"
    REGULAR_SCHEDULE = "REGULAR_SCHEDULE"


_STATUS = {
    Payment.Submitted: PaymentStatus.SUBMITTED,
    Payment.Succeeded: PaymentStatus.SUCCEEDED,
    Payment.Failed: PaymentStatus.FAILED,
    Payment.Cancelled: PaymentStatus.CANCELLED,
}
_COLUMNS = (
    "number",
    "account_number",
    "ledger_number",
    "amount",
    "payment_date",
    "status",
    "origin",
    "collection_method",
    "instruction_type",
    "reference",
    "reason",
    "requested_at",
)
# Still to be settled: the provider may yet collect it, or it waits for its day.
OUTSTANDING = (PaymentStatus.REQUESTED, PaymentStatus.SUBMITTED)


class PaymentsProjection(Projection):
    name = "payments"
    upstream = "payments"
    topics = (
        *(
            get_topic(cls)
            for cls in (
                Payment.Requested,
                Payment.Amended,
                Payment.Submitted,
                Payment.Accepted,
                Payment.Succeeded,
                Payment.Failed,
                Payment.Cancelled,
            )
        ),
        get_topic(PaymentSchedules.Added),
        get_topic(PaymentSchedules.CollectionRequested),
    )
    tables = ("payments", "payment_schedule_reasons")

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS payments (number BIGINT PRIMARY KEY, aggregate_id TEXT NOT NULL UNIQUE, "
            "account_number TEXT NOT NULL, ledger_number TEXT NOT NULL, amount BIGINT NOT NULL, "
            "payment_date TEXT NOT NULL, status TEXT NOT NULL, origin TEXT NOT NULL, collection_method TEXT, "
            "instruction_type TEXT, reference TEXT, reason TEXT, requested_at TEXT NOT NULL, "
            "retrieval_token_digest TEXT)"
        )
        # An account's payments, newest first, page by page.
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS payments_by_account ON payments (account_number, payment_date, requested_at, "
            "number)"
        )
        cursor.execute("CREATE INDEX IF NOT EXISTS payments_by_ledger ON payments (ledger_number, status)")
        # The scheduler's question: requested payments whose day has come.
        cursor.execute("CREATE INDEX IF NOT EXISTS payments_by_status_and_date ON payments (status, payment_date)")
        # Only standalone payments have one (NULL for the others, which a UNIQUE index lets repeat).
        cursor.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS payments_by_retrieval_token ON payments (retrieval_token_digest)"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS payment_schedule_reasons (schedule_id BIGINT PRIMARY KEY, reason TEXT NOT NULL)"
        )

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        # Only each column's last value in the batch matters: a payment requested in this batch is
        # inserted once, already in its latest state; one requested earlier gets one UPDATE.
        requested: dict[str, dict[str, Any]] = {}
        earlier: dict[str, dict[str, Any]] = {}
        schedules = {e.schedule_id: _reason_of(e) for e in events if isinstance(e, PaymentSchedules.Added)}
        collected = [e for e in events if isinstance(e, PaymentSchedules.CollectionRequested)]
        schedules.update(self._reasons(cursor, {e.schedule_id for e in collected} - schedules.keys()))
        for e in events:
            if isinstance(e, PaymentSchedules.Added):
                continue
            if isinstance(e, Payment.Requested):
                requested[str(e.originator_id)] = {
                    "number": e.number,
                    "aggregate_id": str(e.originator_id),
                    "account_number": e.account_number,
                    "ledger_number": e.ledger_number,
                    "amount": e.amount,
                    "payment_date": e.payment_date.isoformat(),
                    "status": PaymentStatus.REQUESTED.value,
                    "origin": e.origin,
                    "collection_method": e.collection_method,
                    "instruction_type": None,
                    "reference": None,
                    "reason": None,
                    "requested_at": e.requested_at.isoformat(),
                    "retrieval_token_digest": e.retrieval_token_digest or None,
                }
                continue
            if isinstance(e, PaymentSchedules.CollectionRequested):
                aggregate_id, changes = str(Payment.id_for(e.payment_id)), {"reason": schedules[e.schedule_id]}
            else:
                aggregate_id, changes = str(e.originator_id), _changes(e)
            if aggregate_id in requested:
                requested[aggregate_id].update(changes)
            else:
                earlier.setdefault(aggregate_id, {}).update(changes)
        cursor.insert_rows(
            "payment_schedule_reasons",
            ("schedule_id", "reason"),
            [(e.schedule_id, schedules[e.schedule_id]) for e in events if isinstance(e, PaymentSchedules.Added)],
        )
        columns = ("aggregate_id", *_COLUMNS, "retrieval_token_digest")
        cursor.insert_rows("payments", columns, [tuple(row[c] for c in columns) for row in requested.values()])
        # Payments that changed the same columns share one UPDATE statement.
        updates: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
        for aggregate_id, changes in earlier.items():
            updates.setdefault(tuple(changes), []).append((*changes.values(), aggregate_id))
        for changed, rows in updates.items():
            assignments = ", ".join(f"{column} = %s" for column in changed)
            cursor.executemany(f"UPDATE payments SET {assignments} WHERE aggregate_id = %s", rows)

    @staticmethod
    def _reasons(cursor: Cursor, schedule_ids: set[int]) -> dict[int, str]:
        """The reasons of schedules added in an earlier batch, in one query."""
        if not schedule_ids:
            return {}
        slots = marks(schedule_ids)
        cursor.execute(
            f"SELECT schedule_id, reason FROM payment_schedule_reasons WHERE schedule_id IN ({slots})",
            [*schedule_ids],
        )
        return {int(schedule_id): reason for schedule_id, reason in cursor.fetchall()}


def _reason_of(e: PaymentSchedules.Added) -> str:
    """Why a schedule's payments are taken: a debt repayment plan is a payment plan whatever its kind."""
    if e.reason == ScheduleReason.DEBT_REPAYMENT_PLAN.value:
        return PaymentReason.PAYMENT_PLAN.value
    if e.kind == ScheduleKind.BALANCE_TRIGGERED.value:
        return PaymentReason.BALANCE_THRESHOLD_CROSSED.value
    return PaymentReason.REGULAR_SCHEDULE.value


def _changes(e: Any) -> dict[str, Any]:
    """The columns an event after the request sets."""
    if isinstance(e, Payment.Amended):
        return {"amount": e.amount, "payment_date": e.payment_date.isoformat()}
    if isinstance(e, Payment.Accepted):
        return {"reference": e.reference}
    if isinstance(e, Payment.Submitted):
        return {"status": PaymentStatus.SUBMITTED.value, "instruction_type": e.instruction_type}
    return {"status": next(s for kind, s in _STATUS.items() if isinstance(e, kind)).value}


def status_filter(wire: PaymentWireStatus, today: date) -> tuple[str, tuple[Any, ...]]:
    """The rows Kraken shows as `wire` today: the domain's own mapping, read backwards. A requested
    payment is SCHEDULED before its day and REQUESTED from then on."""
    if wire in (PaymentWireStatus.SCHEDULED, PaymentWireStatus.REQUESTED):
        comparison = ">" if wire is PaymentWireStatus.SCHEDULED else "<="
        return f"status = %s AND payment_date {comparison} %s", (PaymentStatus.REQUESTED.value, today.isoformat())
    settled = [
        s.value for s in PaymentStatus if s is not PaymentStatus.REQUESTED and wire_status(s, today, today) is wire
    ]
    if not settled:
        return "1 = 0", ()
    return f"status IN ({', '.join(['%s'] * len(settled))})", tuple(settled)


def _of_accounts(where: str, params: tuple[Any, ...]) -> Listing:
    return Listing(
        table="payments",
        parent="account_number",
        columns=_COLUMNS,
        key=("payment_date", "requested_at", "number"),
        where=where,
        params=params,
    )


class PaymentsView:
    projection: ClassVar[type[Projection]] = PaymentsProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def due(self, today: date) -> list[int]:
        """Payments collected by an instruction, still requested, whose day has come (oldest first)."""
        rows = self.store.rows(
            "SELECT number FROM payments WHERE status = %s AND origin = %s AND payment_date <= %s "
            "ORDER BY payment_date, requested_at",
            (PaymentStatus.REQUESTED.value, PaymentOrigin.COLLECTION.value, today.isoformat()),
        )
        return [int(row[0]) for row in rows]

    def unsettled(self) -> list[int]:
        """Payments submitted to the provider and not settled yet."""
        rows = self.store.rows(
            "SELECT number FROM payments WHERE status = %s ORDER BY requested_at", (PaymentStatus.SUBMITTED.value,)
        )
        return [int(row[0]) for row in rows]

    def of_account(self, account_number: str) -> list[dict[str, Any]]:
        rows = self.store.rows(
            f"SELECT {', '.join(_COLUMNS)} FROM payments WHERE account_number = %s "
            "ORDER BY payment_date DESC, requested_at DESC",
            (account_number,),
        )
        return [dict(zip(_COLUMNS, row, strict=True)) for row in rows]

    def payment(self, number: int) -> dict[str, Any] | None:
        rows = self.store.rows(f"SELECT {', '.join(_COLUMNS)} FROM payments WHERE number = %s", (number,))
        return dict(zip(_COLUMNS, rows[0], strict=True)) if rows else None

    def pages(self, where: str, params: tuple[Any, ...], window: Window, account_numbers: Sequence[str]) -> list[Page]:
        """The window of each account's payments, newest first (`where`, filled by `params`, narrows them)."""
        pages: dict[Hashable, Page] = _of_accounts(where, params).pages(self.store, account_numbers, window)
        return [pages[number] for number in account_numbers]

    def counts(self, where: str, params: tuple[Any, ...], account_numbers: Sequence[str]) -> list[int]:
        counts = _of_accounts(where, params).counts(self.store, account_numbers)
        return [counts[number] for number in account_numbers]

    def outstanding(self, ledger_numbers: Sequence[str]) -> list[int]:
        """What each ledger's payments not settled yet add up to (requested or with the provider), in one query."""
        if not ledger_numbers:
            return []
        slots = marks(ledger_numbers)
        rows = self.store.rows(
            f"SELECT ledger_number, SUM(amount) FROM payments WHERE ledger_number IN ({slots}) "
            f"AND status IN ({', '.join(['%s'] * len(OUTSTANDING))}) GROUP BY ledger_number",
            (*ledger_numbers, *(s.value for s in OUTSTANDING)),
        )
        found = {row[0]: int(row[1]) for row in rows}
        return [found.get(number, 0) for number in ledger_numbers]

    def with_retrieval_token_digest(self, digest: str) -> dict[str, Any] | None:
        """The standalone payment whose retrieval token has this digest, if any."""
        rows = self.store.rows(
            f"SELECT {', '.join(_COLUMNS)} FROM payments WHERE retrieval_token_digest = %s", (digest,)
        )
        return dict(zip(_COLUMNS, rows[0], strict=True)) if rows else None
