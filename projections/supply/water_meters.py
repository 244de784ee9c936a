"""Water meters and where they are fitted (answers `property { activeWaterMeters }`): one row per meter,
with its current serial, location and installation date, and the day it was removed if it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.supply.water_meter import WaterMeter
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks

_COLUMNS = (
    "meter_id",
    "serial_number",
    "property_id",
    "meter_point_reference",
    "capability_type",
    "number_of_digits",
    "installed_on",
    "removed_on",
    "location",
)
# What each later event changes of a meter's row.
_CHANGES: dict[type[Any], tuple[str, str]] = {
    WaterMeter.Removed: ("removed_on", "removed_on"),
    WaterMeter.SerialCorrected: ("serial_number", "new"),
    WaterMeter.LocationRecorded: ("location", "location"),
    WaterMeter.InstallationDateCorrected: ("installed_on", "installed_on"),
}


def _stored(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


class WaterMetersProjection(Projection):
    name = "water_meters"
    upstream = "supply"
    topics = (get_topic(WaterMeter.Installed), *(get_topic(kind) for kind in _CHANGES))
    tables = ("water_meters",)

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS water_meters (aggregate_id TEXT PRIMARY KEY, meter_id TEXT NOT NULL UNIQUE, "
            "serial_number TEXT NOT NULL, property_id TEXT NOT NULL, meter_point_reference TEXT NOT NULL, "
            "capability_type TEXT NOT NULL, number_of_digits INTEGER NOT NULL, installed_on TEXT NOT NULL, "
            "removed_on TEXT, location TEXT)"
        )
        cursor.execute("CREATE INDEX IF NOT EXISTS water_meters_by_property ON water_meters (property_id)")
        cursor.execute("CREATE INDEX IF NOT EXISTS water_meters_by_serial ON water_meters (serial_number)")

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        # A meter installed in this batch is inserted once, as the batch leaves it; an earlier one is updated.
        installed: dict[str, dict[str, Any]] = {}
        updates: list[tuple[str, Any, str]] = []
        for e in events:
            key = str(e.originator_id)
            if isinstance(e, WaterMeter.Installed):
                installed[key] = {
                    "aggregate_id": key,
                    "meter_id": e.meter_id,
                    "serial_number": e.serial_number,
                    "property_id": e.property_id,
                    "meter_point_reference": e.meter_point_reference,
                    "capability_type": e.capability_type.value,
                    "number_of_digits": e.number_of_digits,
                    "installed_on": e.installed_on.isoformat(),
                    "removed_on": None,
                    "location": e.location,
                }
                continue
            column, attribute = _CHANGES[type(e)]
            value = _stored(getattr(e, attribute))
            if key in installed:
                installed[key][column] = value
            else:
                updates.append((column, value, key))
        for column, value, key in updates:
            cursor.execute(f"UPDATE water_meters SET {column} = %s WHERE aggregate_id = %s", (value, key))
        columns = ("aggregate_id", *_COLUMNS)
        cursor.insert_rows("water_meters", columns, [tuple(row[c] for c in columns) for row in installed.values()])


def _meter(row: Sequence[Any]) -> dict[str, Any]:
    found = dict(zip(_COLUMNS, row, strict=True))
    found["id"] = found.pop("meter_id")
    found["installed_on"] = date.fromisoformat(found["installed_on"])
    found["removed_on"] = date.fromisoformat(found["removed_on"]) if found["removed_on"] else None
    return found


class WaterMetersView:
    projection: ClassVar[type[Projection]] = WaterMetersProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def of_properties(self, property_ids: Sequence[str]) -> list[list[dict[str, Any]]]:
        """Each property's meters, removed ones too, the first fitted first, in one query."""
        if not property_ids:
            return []
        rows = self.store.rows(
            f"SELECT {', '.join(_COLUMNS)} FROM water_meters WHERE property_id IN ({marks(property_ids)}) "
            "ORDER BY property_id, installed_on, meter_id",
            tuple(property_ids),
        )
        found: dict[str, list[dict[str, Any]]] = {property_id: [] for property_id in property_ids}
        for row in rows:
            meter = _meter(row)
            found[meter["property_id"]].append(meter)
        return [found[property_id] for property_id in property_ids]

    def meters(self, meter_ids: Sequence[str]) -> list[dict[str, Any] | None]:
        """Each meter by its id (None for an id no meter has), in one query."""
        if not meter_ids:
            return []
        rows = self.store.rows(
            f"SELECT {', '.join(_COLUMNS)} FROM water_meters WHERE meter_id IN ({marks(meter_ids)})", tuple(meter_ids)
        )
        found = {meter["id"]: meter for meter in map(_meter, rows)}
        return [found.get(meter_id) for meter_id in meter_ids]
