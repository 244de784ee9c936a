"""Repayment requests: one row per request with its current state (answers "which payouts are
unsettled?" for the scheduler's follow-up, and "which requests await approval?" for operators)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.payments.repayment_request import RepaymentRequest, RepaymentState
from projections.projection import Projection
from projections.store import Cursor, ReadStore

_STATE = {
    RepaymentRequest.Approved: RepaymentState.APPROVED,
    RepaymentRequest.Rejected: RepaymentState.REJECTED,
    RepaymentRequest.Cancelled: RepaymentState.CANCELLED,
    RepaymentRequest.PayoutStarted: RepaymentState.PAYING,
    RepaymentRequest.Paid: RepaymentState.PAID,
    RepaymentRequest.PayoutFailed: RepaymentState.FAILED,
}
_COLUMNS = ("number", "account_number", "ledger_number", "amount", "method", "state", "reference", "requested_at")


class RepaymentsProjection(Projection):
    name = "payment_repayments"
    upstream = "payments"
    topics = (
        get_topic(RepaymentRequest.Requested),
        get_topic(RepaymentRequest.PayoutSubmitted),
        *(get_topic(kind) for kind in _STATE),
    )
    tables = ("payment_repayments",)

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS payment_repayments (number BIGINT PRIMARY KEY, aggregate_id TEXT NOT NULL "
            "UNIQUE, account_number TEXT NOT NULL, ledger_number TEXT NOT NULL, amount BIGINT NOT NULL, "
            "method TEXT NOT NULL, state TEXT NOT NULL, reference TEXT, requested_at TEXT NOT NULL)"
        )
        cursor.execute("CREATE INDEX IF NOT EXISTS payment_repayments_by_state ON payment_repayments (state)")

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        for e in events:
            aggregate_id = str(e.originator_id)
            if isinstance(e, RepaymentRequest.Requested):
                cursor.execute(
                    "INSERT INTO payment_repayments (number, aggregate_id, account_number, ledger_number, amount, "
                    "method, state, reference, requested_at) VALUES (%s, %s, %s, %s, %s, %s, %s, NULL, %s)",
                    (
                        e.number,
                        aggregate_id,
                        e.account_number,
                        e.ledger_number,
                        e.amount,
                        e.method,
                        RepaymentState.REQUESTED.value,
                        e.requested_at.isoformat(),
                    ),
                )
            elif isinstance(e, RepaymentRequest.PayoutSubmitted):
                cursor.execute(
                    "UPDATE payment_repayments SET reference = %s WHERE aggregate_id = %s", (e.reference, aggregate_id)
                )
            else:
                state = next(s for kind, s in _STATE.items() if isinstance(e, kind))
                cursor.execute(
                    "UPDATE payment_repayments SET state = %s WHERE aggregate_id = %s", (state.value, aggregate_id)
                )


class RepaymentsView:
    projection: ClassVar[type[Projection]] = RepaymentsProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def in_state(self, *states: RepaymentState) -> list[dict[str, Any]]:
        """Requests in any of `states`, oldest first."""
        marks = ", ".join(["%s"] * len(states))
        rows = self.store.rows(
            f"SELECT {', '.join(_COLUMNS)} FROM payment_repayments WHERE state IN ({marks}) ORDER BY requested_at",
            tuple(s.value for s in states),
        )
        return [dict(zip(_COLUMNS, row, strict=True)) for row in rows]

    def unsettled(self) -> list[int]:
        """Approved requests not paid out yet (the payout not started, or not settled)."""
        return [int(row["number"]) for row in self.in_state(RepaymentState.APPROVED, RepaymentState.PAYING)]
