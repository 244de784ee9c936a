"""Lifecycle processes (answers `lifecycleProcesses(accountNumber, onlyActive)` and finds the dated
processes the scheduler completes): one row per process, its status as the latest event left it.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from datetime import date, datetime
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.supply.lifecycle_process import FINISHED, LifecycleProcess, ProcessKind, ProcessStatus
from projections.pages import Listing, Page, Window
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks

_COLUMNS = (
    "number",
    "kind",
    "account_number",
    "property_id",
    "effective_on",
    "status",
    "started_at",
    "finished_at",
    "terms_version",
    "terms_accepted_at",
)
_FINISHED = tuple(sorted(status.value for status in FINISHED))
_STATUS = {
    LifecycleProcess.TermsAccepted: ProcessStatus.IN_PROGRESS,
    LifecycleProcess.Completed: ProcessStatus.COMPLETED,
    LifecycleProcess.Cancelled: ProcessStatus.CANCELLED,
    LifecycleProcess.Failed: ProcessStatus.FAILED,
}


class LifecycleProcessesProjection(Projection):
    name = "lifecycle_processes"
    upstream = "supply"
    topics = (
        get_topic(LifecycleProcess.Started),
        get_topic(LifecycleProcess.TermsAccepted),
        get_topic(LifecycleProcess.Completed),
        get_topic(LifecycleProcess.Cancelled),
        get_topic(LifecycleProcess.Failed),
    )
    tables = ("lifecycle_processes",)

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS lifecycle_processes (aggregate_id TEXT PRIMARY KEY, number TEXT NOT NULL "
            "UNIQUE, kind TEXT NOT NULL, account_number TEXT NOT NULL, property_id TEXT, effective_on TEXT, "
            "status TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, terms_version TEXT, "
            "terms_accepted_at TEXT)"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS lifecycle_processes_by_account ON lifecycle_processes (account_number)"
        )
        # The scheduler asks for the active dated processes due by a day.
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS lifecycle_processes_by_status ON lifecycle_processes (status, effective_on)"
        )

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        # A process started in this batch is inserted once, as the batch leaves it; others are updated.
        started: dict[str, dict[str, Any]] = {}
        changed: dict[str, dict[str, Any]] = {}
        for e in events:
            key = str(e.originator_id)
            if isinstance(e, LifecycleProcess.Started):
                started[key] = {
                    "aggregate_id": key,
                    "number": e.number,
                    "kind": ProcessKind(e.kind).value,
                    "account_number": e.account_number,
                    "property_id": e.property_id,
                    "effective_on": e.effective_on.isoformat() if e.effective_on else None,
                    "status": ProcessStatus.PENDING.value,
                    "started_at": e.started_at.isoformat(),
                    "finished_at": None,
                    "terms_version": None,
                    "terms_accepted_at": None,
                }
                continue
            change: dict[str, Any] = {"status": _STATUS[type(e)].value}
            if isinstance(e, LifecycleProcess.TermsAccepted):
                change |= {"terms_version": e.terms_version, "terms_accepted_at": e.at.isoformat()}
            else:
                change["finished_at"] = e.at.isoformat()
            (started[key] if key in started else changed.setdefault(key, {})).update(change)
        for key, change in changed.items():
            updated = sorted(change)
            cursor.execute(
                f"UPDATE lifecycle_processes SET {', '.join(f'{c} = %s' for c in updated)} WHERE aggregate_id = %s",
                (*(change[c] for c in updated), key),
            )
        columns = ("aggregate_id", *_COLUMNS)
        cursor.insert_rows("lifecycle_processes", columns, [tuple(row[c] for c in columns) for row in started.values()])


def _process(row: Sequence[Any] | dict[str, Any]) -> dict[str, Any]:
    found = dict(row) if isinstance(row, dict) else dict(zip(_COLUMNS, row, strict=True))
    found["effective_on"] = date.fromisoformat(found["effective_on"]) if found["effective_on"] else None
    for column in ("started_at", "finished_at", "terms_accepted_at"):
        found[column] = datetime.fromisoformat(found[column]) if found[column] else None
    return found


def _listing(kind: str, only_active: bool) -> Listing:
    where, params = "kind = %s", tuple[str, ...]((kind,))
    if only_active:
        where, params = f"{where} AND status NOT IN ({marks(_FINISHED)})", (kind, *_FINISHED)
    return Listing(
        table="lifecycle_processes",
        parent="account_number",
        columns=_COLUMNS,
        key=("started_at", "number"),
        where=where,
        params=params,
    )


class LifecycleProcessesView:
    projection: ClassVar[type[Projection]] = LifecycleProcessesProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def of_accounts(self, only_active: bool, account_numbers: Sequence[str]) -> list[list[dict[str, Any]]]:
        """Each account's processes, the newest first (only those not finished when `only_active`)."""
        if not account_numbers:
            return []
        active = f" AND status NOT IN ({marks(_FINISHED)})" if only_active else ""
        rows = self.store.rows(
            f"SELECT {', '.join(_COLUMNS)} FROM lifecycle_processes WHERE account_number IN "
            f"({marks(account_numbers)}){active} ORDER BY started_at DESC, number DESC",
            (*account_numbers, *(_FINISHED if only_active else ())),
        )
        found: dict[str, list[dict[str, Any]]] = {number: [] for number in account_numbers}
        for row in rows:
            found[row[2]].append(_process(row))
        return [found[number] for number in account_numbers]

    def pages(self, kind: str, only_active: bool, window: Window, account_numbers: Sequence[str]) -> list[Page]:
        """The window of each account's processes of one kind, the newest first, in one query."""
        pages: dict[Hashable, Page] = _listing(kind, only_active).pages(self.store, account_numbers, window)
        return [
            Page([_process(row) for row in page.rows], page.keys, page.has_next, page.has_previous)
            for page in (pages[number] for number in account_numbers)
        ]

    def counts(self, kind: str, only_active: bool, account_numbers: Sequence[str]) -> list[int]:
        counts = _listing(kind, only_active).counts(self.store, account_numbers)
        return [counts[number] for number in account_numbers]

    def due(self, today: date, limit: int) -> list[str]:
        """The numbers of active occupy and leave property processes whose date is `today` or before."""
        rows = self.store.rows(
            f"SELECT number FROM lifecycle_processes WHERE status NOT IN ({marks(_FINISHED)}) "
            "AND effective_on IS NOT NULL AND effective_on <= %s AND kind <> %s ORDER BY effective_on, number "
            "LIMIT %s",
            (*_FINISHED, today.isoformat(), ProcessKind.JOIN_SUPPLIER.value, limit),
        )
        return [row[0] for row in rows]
