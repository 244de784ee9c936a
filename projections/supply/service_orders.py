"""Service orders: meter applications and where they stand (answers `account { serviceOrders }` and
`kraken service-order list`): one row per order, its status as the last event left it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.supply.service_order import ServiceOrder, ServiceOrderStatus
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks

_COLUMNS = (
    "number",
    "kind",
    "property_id",
    "account_number",
    "notes",
    "status",
    "raised_at",
    "survey_on",
    "closed_at",
    "closing_reason",
)
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM service_orders"


class ServiceOrdersProjection(Projection):
    name = "service_orders"
    upstream = "supply"
    topics = (
        get_topic(ServiceOrder.Raised),
        get_topic(ServiceOrder.SurveyBooked),
        get_topic(ServiceOrder.Completed),
        get_topic(ServiceOrder.Cancelled),
        get_topic(ServiceOrder.FoundNotPracticable),
    )
    tables = ("service_orders",)

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS service_orders (aggregate_id TEXT PRIMARY KEY, number TEXT NOT NULL UNIQUE, "
            "kind TEXT NOT NULL, "
            "property_id TEXT NOT NULL, account_number TEXT NOT NULL, notes TEXT NOT NULL, status TEXT NOT NULL, "
            "raised_at TEXT NOT NULL, survey_on TEXT, closed_at TEXT, closing_reason TEXT NOT NULL)"
        )
        cursor.execute("CREATE INDEX IF NOT EXISTS service_orders_by_account ON service_orders (account_number)")

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        # Orders raised in this batch are inserted once, as the batch leaves them; earlier ones are updated.
        raised: dict[str, dict[str, Any]] = {}
        changed: dict[str, dict[str, Any]] = {}
        for e in events:
            key = str(e.originator_id)
            if isinstance(e, ServiceOrder.Raised):
                raised[key] = {
                    "aggregate_id": key,
                    "number": e.number,
                    "kind": e.kind.value,
                    "property_id": e.property_id,
                    "account_number": e.account_number,
                    "notes": e.notes,
                    "status": ServiceOrderStatus.PENDING.value,
                    "raised_at": e.raised_at.isoformat(),
                    "survey_on": None,
                    "closed_at": None,
                    "closing_reason": "",
                }
                continue
            if isinstance(e, ServiceOrder.SurveyBooked):
                change = {"status": ServiceOrderStatus.IN_PROGRESS.value, "survey_on": e.survey_on.isoformat()}
            elif isinstance(e, ServiceOrder.Completed):
                change = {"status": ServiceOrderStatus.COMPLETED.value, "closed_at": e.at.isoformat()}
            else:
                status = (
                    ServiceOrderStatus.CANCELLED
                    if isinstance(e, ServiceOrder.Cancelled)
                    else ServiceOrderStatus.NOT_PRACTICABLE
                )
                change = {"status": status.value, "closed_at": e.at.isoformat(), "closing_reason": e.reason}
            (raised[key] if key in raised else changed.setdefault(key, {})).update(change)
        for key, change in changed.items():
            assignments = ", ".join(f"{column} = %s" for column in change)
            cursor.execute(f"UPDATE service_orders SET {assignments} WHERE aggregate_id = %s", (*change.values(), key))
        columns = ("aggregate_id", *_COLUMNS)
        cursor.insert_rows("service_orders", columns, [tuple(row[c] for c in columns) for row in raised.values()])


def _order(row: Sequence[Any]) -> dict[str, Any]:
    found = dict(zip(_COLUMNS, row, strict=True))
    found["raised_at"] = datetime.fromisoformat(found["raised_at"])
    found["survey_on"] = date.fromisoformat(found["survey_on"]) if found["survey_on"] else None
    found["closed_at"] = datetime.fromisoformat(found["closed_at"]) if found["closed_at"] else None
    return found


class ServiceOrdersView:
    projection: ClassVar[type[Projection]] = ServiceOrdersProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def of_accounts(self, account_numbers: Sequence[str]) -> list[list[dict[str, Any]]]:
        """Each account's service orders, the newest first, in one query."""
        if not account_numbers:
            return []
        rows = self.store.rows(
            f"{_SELECT} WHERE account_number IN ({marks(account_numbers)}) ORDER BY raised_at DESC, number DESC",
            tuple(account_numbers),
        )
        found: dict[str, list[dict[str, Any]]] = {number: [] for number in account_numbers}
        for row in rows:
            order = _order(row)
            found[order["account_number"]].append(order)
        return [found[number] for number in account_numbers]

    def listed(self, statuses: Sequence[str], limit: int) -> list[dict[str, Any]]:
        """The newest orders in any of `statuses` (all of them when none is given), at most `limit`."""
        where = f" WHERE status IN ({marks(statuses)})" if statuses else ""
        rows = self.store.rows(f"{_SELECT}{where} ORDER BY raised_at DESC, number DESC LIMIT %s", (*statuses, limit))
        return [_order(row) for row in rows]
