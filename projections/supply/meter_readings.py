"""Meter readings (answers `activeWaterMeters { readings }` and the operators' list of held readings):
one row per reading, with its current status. Rejected readings stay as rows (the operators' record)
and are never listed to a customer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.supply.meter_readings import MeterReadings, ReadingStatus, reading_id
from projections.pages import Listing, Page, Window
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks

_COLUMNS = ("meter_id", "ordinal", "value", "read_on", "source", "kind", "status", "reason", "submitted_by")
_STATUSES: dict[type[Any], ReadingStatus] = {
    MeterReadings.Accepted: ReadingStatus.ACCEPTED,
    MeterReadings.Held: ReadingStatus.HELD,
    MeterReadings.HeldReadingReleased: ReadingStatus.ACCEPTED,
    MeterReadings.HeldReadingRejected: ReadingStatus.REJECTED,
    MeterReadings.ReadingQuarantined: ReadingStatus.QUARANTINED,
}


class MeterReadingsProjection(Projection):
    name = "meter_readings"
    upstream = "supply"
    topics = (get_topic(MeterReadings.Opened), get_topic(MeterReadings.Submitted), *map(get_topic, _STATUSES))
    tables = ("meter_readings", "meter_reading_registers")

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS meter_reading_registers (aggregate_id TEXT PRIMARY KEY, meter_id TEXT NOT NULL)"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS meter_readings (meter_id TEXT NOT NULL, ordinal INTEGER NOT NULL, "
            "value BIGINT NOT NULL, read_on TEXT NOT NULL, source TEXT NOT NULL, kind TEXT NOT NULL, "
            "status TEXT NOT NULL, reason TEXT, submitted_by TEXT NOT NULL, PRIMARY KEY (meter_id, ordinal))"
        )
        cursor.execute("CREATE INDEX IF NOT EXISTS meter_readings_by_status ON meter_readings (status)")

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        opened: dict[str, str] = {
            str(e.originator_id): e.meter_id for e in events if isinstance(e, MeterReadings.Opened)
        }
        earlier = {str(e.originator_id) for e in events} - set(opened)
        meters = {**self._meters(cursor, earlier), **opened}
        submitted: dict[tuple[str, int], dict[str, Any]] = {}
        changed: dict[tuple[str, int], tuple[str, str | None]] = {}
        for e in events:
            if isinstance(e, MeterReadings.Opened):
                continue
            key = (meters[str(e.originator_id)], e.ordinal)
            if isinstance(e, MeterReadings.Submitted):
                submitted[key] = {
                    "meter_id": key[0],
                    "ordinal": e.ordinal,
                    "value": e.value,
                    "read_on": e.read_on.isoformat(),
                    "source": e.source.value,
                    "kind": e.kind.value,
                    "status": ReadingStatus.HELD.value,
                    "reason": None,
                    "submitted_by": e.submitted_by,
                }
                continue
            status = (_STATUSES[type(e)].value, e.reason.value if isinstance(e, MeterReadings.Held) else None)
            if key in submitted:
                submitted[key]["status"], submitted[key]["reason"] = status
            else:
                changed[key] = status
        cursor.insert_rows("meter_reading_registers", ("aggregate_id", "meter_id"), list(opened.items()))
        cursor.executemany(
            "UPDATE meter_readings SET status = %s, reason = %s WHERE meter_id = %s AND ordinal = %s",
            [(status, reason, meter_id, ordinal) for (meter_id, ordinal), (status, reason) in changed.items()],
        )
        cursor.insert_rows("meter_readings", _COLUMNS, [tuple(row[c] for c in _COLUMNS) for row in submitted.values()])

    @staticmethod
    def _meters(cursor: Cursor, aggregate_ids: set[str]) -> dict[str, str]:
        if not aggregate_ids:
            return {}
        cursor.execute(
            "SELECT aggregate_id, meter_id FROM meter_reading_registers "
            f"WHERE aggregate_id IN ({marks(aggregate_ids)})",
            [*aggregate_ids],
        )
        return {row[0]: row[1] for row in cursor.fetchall()}


def excluded_statuses(exclude_held: bool, exclude_quarantined: bool) -> list[str]:
    """The statuses of the readings a customer's list leaves out: rejected ones always."""
    excluded = [ReadingStatus.REJECTED.value]
    excluded += [ReadingStatus.HELD.value] if exclude_held else []
    excluded += [ReadingStatus.QUARANTINED.value] if exclude_quarantined else []
    return excluded


def _listing(exclude_held: bool, exclude_quarantined: bool) -> Listing:
    excluded = excluded_statuses(exclude_held, exclude_quarantined)
    return Listing(
        table="meter_readings",
        parent="meter_id",
        columns=_COLUMNS,
        key=("read_on", "ordinal"),
        where=f"status NOT IN ({marks(excluded)})",
        params=tuple(excluded),
    )


def reading(row: dict[str, Any]) -> dict[str, Any]:
    """A reading row as queries use it: its id, and its day as a date."""
    return {**row, "id": reading_id(row["meter_id"], row["ordinal"]), "read_on": date.fromisoformat(row["read_on"])}


class MeterReadingsView:
    projection: ClassVar[type[Projection]] = MeterReadingsProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def pages(
        self, exclude_held: bool, exclude_quarantined: bool, window: Window, meter_ids: Sequence[str]
    ) -> list[Page]:
        """The window of each meter's readings, newest first (by day, then as recorded), in one query."""
        pages = _listing(exclude_held, exclude_quarantined).pages(self.store, meter_ids, window)
        return [pages[meter_id] for meter_id in meter_ids]

    def counts(self, exclude_held: bool, exclude_quarantined: bool, meter_ids: Sequence[str]) -> list[int]:
        counts = _listing(exclude_held, exclude_quarantined).counts(self.store, meter_ids)
        return [counts[meter_id] for meter_id in meter_ids]

    def held(self, limit: int = 1000) -> list[dict[str, Any]]:
        """Readings waiting for an operator's review, the oldest first."""
        rows = self.store.rows(
            f"SELECT {', '.join(_COLUMNS)} FROM meter_readings WHERE status = %s ORDER BY read_on, meter_id, ordinal "
            "LIMIT %s",
            (ReadingStatus.HELD.value, limit),
        )
        return [reading(dict(zip(_COLUMNS, row, strict=True))) for row in rows]
