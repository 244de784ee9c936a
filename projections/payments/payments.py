"""Payments: one row per payment with its current status (answers "which payments are due?" for
the collection scheduler, and an account's payments for queries)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.payments.payment import Payment, PaymentOrigin, PaymentStatus
from projections.projection import Projection
from projections.store import Cursor, ReadStore

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
    "reference",
    "requested_at",
)


class PaymentsProjection(Projection):
    name = "payments"
    upstream = "payments"
    topics = tuple(
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
    )
    tables = ("payments",)

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS payments (number BIGINT PRIMARY KEY, aggregate_id TEXT NOT NULL UNIQUE, "
            "account_number TEXT NOT NULL, ledger_number TEXT NOT NULL, amount BIGINT NOT NULL, "
            "payment_date TEXT NOT NULL, status TEXT NOT NULL, origin TEXT NOT NULL, collection_method TEXT, "
            "reference TEXT, requested_at TEXT NOT NULL)"
        )
        cursor.execute("CREATE INDEX IF NOT EXISTS payments_by_account ON payments (account_number)")
        # The scheduler's question: requested payments whose day has come.
        cursor.execute("CREATE INDEX IF NOT EXISTS payments_by_status_and_date ON payments (status, payment_date)")

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        # Only each column's last value in the batch matters: a payment requested in this batch is
        # inserted once, already in its latest state; one requested earlier gets one UPDATE.
        requested: dict[str, dict[str, Any]] = {}
        earlier: dict[str, dict[str, Any]] = {}
        for e in events:
            aggregate_id = str(e.originator_id)
            if isinstance(e, Payment.Requested):
                requested[aggregate_id] = {
                    "number": e.number,
                    "aggregate_id": aggregate_id,
                    "account_number": e.account_number,
                    "ledger_number": e.ledger_number,
                    "amount": e.amount,
                    "payment_date": e.payment_date.isoformat(),
                    "status": PaymentStatus.REQUESTED.value,
                    "origin": e.origin,
                    "collection_method": e.collection_method,
                    "reference": None,
                    "requested_at": e.requested_at.isoformat(),
                }
            elif aggregate_id in requested:
                requested[aggregate_id].update(_changes(e))
            else:
                earlier.setdefault(aggregate_id, {}).update(_changes(e))
        columns = ("aggregate_id", *_COLUMNS)
        cursor.insert_rows("payments", columns, [tuple(row[c] for c in columns) for row in requested.values()])
        # Payments that changed the same columns share one UPDATE statement.
        updates: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
        for aggregate_id, changes in earlier.items():
            updates.setdefault(tuple(changes), []).append((*changes.values(), aggregate_id))
        for changed, rows in updates.items():
            assignments = ", ".join(f"{column} = %s" for column in changed)
            cursor.executemany(f"UPDATE payments SET {assignments} WHERE aggregate_id = %s", rows)


def _changes(e: Any) -> dict[str, Any]:
    """The columns an event after the request sets."""
    if isinstance(e, Payment.Amended):
        return {"amount": e.amount, "payment_date": e.payment_date.isoformat()}
    if isinstance(e, Payment.Accepted):
        return {"reference": e.reference}
    return {"status": next(s for kind, s in _STATUS.items() if isinstance(e, kind)).value}


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
