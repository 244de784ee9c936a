"""Repayment requests: one row per request with its current state (answers "which payouts are
unsettled?" for the scheduler's follow-up, "which requests await approval?" for operators, and a
ledger's or an account's repayments and the credit its open requests hold back for queries)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.payments.repayment_request import RepaymentRequest, RepaymentState
from projections.pages import Listing, Page, Window
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks

_STATE = {
    RepaymentRequest.Approved: RepaymentState.APPROVED,
    RepaymentRequest.Rejected: RepaymentState.REJECTED,
    RepaymentRequest.Cancelled: RepaymentState.CANCELLED,
    RepaymentRequest.PayoutStarted: RepaymentState.PAYING,
    RepaymentRequest.Paid: RepaymentState.PAID,
    RepaymentRequest.PayoutFailed: RepaymentState.FAILED,
}
_COLUMNS = (
    "number",
    "account_number",
    "ledger_number",
    "amount",
    "method",
    "reason",
    "state",
    "reference",
    "requested_at",
    "payment_date",
)
# What a request holds back of its ledger's credit until its payout starts (then the ledger is
# debited) or it ends otherwise: the same requests the LedgerRepayments aggregate keeps reserved.
RESERVING = (RepaymentState.REQUESTED, RepaymentState.APPROVED)
# What a list of requests may hang off.
_PARENTS = frozenset({"ledger_number", "account_number"})


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
            "method TEXT NOT NULL, reason TEXT NOT NULL, state TEXT NOT NULL, reference TEXT, "
            "requested_at TEXT NOT NULL, payment_date TEXT NOT NULL)"
        )
        cursor.execute("CREATE INDEX IF NOT EXISTS payment_repayments_by_state ON payment_repayments (state)")
        # A ledger's and an account's requests, newest first, page by page.
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS payment_repayments_by_ledger ON payment_repayments "
            "(ledger_number, requested_at, number)"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS payment_repayments_by_account ON payment_repayments "
            "(account_number, requested_at, number)"
        )

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        # Only each column's last value in the batch matters: a request made in this batch is
        # inserted once, already in its latest state; one made earlier gets one UPDATE.
        requested: dict[str, dict[str, Any]] = {}
        earlier: dict[str, dict[str, Any]] = {}
        for e in events:
            aggregate_id = str(e.originator_id)
            if isinstance(e, RepaymentRequest.Requested):
                requested[aggregate_id] = {
                    "number": e.number,
                    "aggregate_id": aggregate_id,
                    "account_number": e.account_number,
                    "ledger_number": e.ledger_number,
                    "amount": e.amount,
                    "method": e.method,
                    "reason": e.reason,
                    "state": RepaymentState.REQUESTED.value,
                    "reference": None,
                    "requested_at": e.requested_at.isoformat(),
                    "payment_date": e.requested_at.date().isoformat(),
                }
            elif aggregate_id in requested:
                requested[aggregate_id].update(_changes(e))
            else:
                earlier.setdefault(aggregate_id, {}).update(_changes(e))
        columns = ("aggregate_id", *_COLUMNS)
        cursor.insert_rows(
            "payment_repayments", columns, [tuple(row[c] for c in columns) for row in requested.values()]
        )
        # Requests that changed the same columns share one UPDATE statement.
        updates: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
        for aggregate_id, changes in earlier.items():
            updates.setdefault(tuple(changes), []).append((*changes.values(), aggregate_id))
        for changed, rows in updates.items():
            assignments = ", ".join(f"{column} = %s" for column in changed)
            cursor.executemany(f"UPDATE payment_repayments SET {assignments} WHERE aggregate_id = %s", rows)


def _changes(e: Any) -> dict[str, Any]:
    """The columns an event after the request sets. The payment date is the day the money left the
    ledger (the payout started), then the day the provider paid it."""
    if isinstance(e, RepaymentRequest.PayoutSubmitted):
        return {"reference": e.reference}
    state = next(s for kind, s in _STATE.items() if isinstance(e, kind)).value
    if isinstance(e, RepaymentRequest.PayoutStarted):
        return {"state": state, "payment_date": e.started_at.date().isoformat()}
    if isinstance(e, RepaymentRequest.Paid):
        return {"state": state, "payment_date": e.paid_at.date().isoformat()}
    return {"state": state}


def _listing(parent: str, where: str, params: tuple[Any, ...]) -> Listing:
    if parent not in _PARENTS:
        raise ValueError(f"repayment requests are listed by ledger or by account, not by {parent!r}")
    return Listing(
        table="payment_repayments",
        parent=parent,
        columns=_COLUMNS,
        key=("requested_at", "number"),
        where=where,
        params=params,
    )


class RepaymentsView:
    projection: ClassVar[type[Projection]] = RepaymentsProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def in_state(self, *states: RepaymentState) -> list[dict[str, Any]]:
        """Requests in any of `states`, oldest first."""
        slots = marks(states)
        rows = self.store.rows(
            f"SELECT {', '.join(_COLUMNS)} FROM payment_repayments WHERE state IN ({slots}) ORDER BY requested_at",
            tuple(s.value for s in states),
        )
        return [dict(zip(_COLUMNS, row, strict=True)) for row in rows]

    def unsettled(self) -> list[int]:
        """Approved requests not paid out yet (the payout not started, or not settled)."""
        return [int(row["number"]) for row in self.in_state(RepaymentState.APPROVED, RepaymentState.PAYING)]

    def pages(
        self, parent: str, where: str, params: tuple[Any, ...], window: Window, parents: Sequence[str]
    ) -> list[Page]:
        """The window of each ledger's (`parent` "ledger_number") or account's ("account_number")
        requests, newest first; `where`, filled by `params`, narrows them."""
        pages: dict[Hashable, Page] = _listing(parent, where, params).pages(self.store, parents, window)
        return [pages[key] for key in parents]

    def counts(self, parent: str, where: str, params: tuple[Any, ...], parents: Sequence[str]) -> list[int]:
        counts = _listing(parent, where, params).counts(self.store, parents)
        return [counts[key] for key in parents]

    def reserved(self, ledger_numbers: Sequence[str]) -> list[int]:
        """What each ledger's open requests hold back of its credit, in one query."""
        if not ledger_numbers:
            return []
        rows = self.store.rows(
            f"SELECT ledger_number, SUM(amount) FROM payment_repayments "
            f"WHERE ledger_number IN ({', '.join(['%s'] * len(ledger_numbers))}) "
            f"AND state IN ({', '.join(['%s'] * len(RESERVING))}) GROUP BY ledger_number",
            (*ledger_numbers, *(s.value for s in RESERVING)),
        )
        found = {row[0]: int(row[1]) for row in rows}
        return [found.get(number, 0) for number in ledger_numbers]
