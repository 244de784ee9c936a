"""What is decided about charging at each property (answers `account { chargeBases }` with the
occupancy and the meters): its rateable value, and per account its request for measured charges,
its switch to them and any offer of assessed charges. One row per property, one per account there."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.supply.charge_basis import ChargeBasis
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks

_ACCOUNT = (
    "account_number",
    "requested_order",
    "requested_at",
    "switched_from",
    "reversion_deadline",
    "switched_at",
    "offer_order",
    "offer_band",
    "offer_single_occupier",
    "offered_at",
)
_DATES = ("switched_from", "reversion_deadline")
_MOMENTS = ("requested_at", "switched_at", "offered_at")


class ChargeBasesProjection(Projection):
    name = "charge_bases"
    upstream = "supply"
    topics = (
        get_topic(ChargeBasis.Started),
        get_topic(ChargeBasis.RateableValueSet),
        get_topic(ChargeBasis.MeasuredTariffRequested),
        get_topic(ChargeBasis.SwitchedToMeasured),
        get_topic(ChargeBasis.AssessedChargesOffered),
    )
    tables = ("charge_bases", "charge_basis_accounts")

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS charge_bases (aggregate_id TEXT PRIMARY KEY, "
            "property_id TEXT NOT NULL UNIQUE, rateable_value INTEGER)"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS charge_basis_accounts (aggregate_id TEXT NOT NULL, "
            "account_number TEXT NOT NULL, requested_order TEXT, requested_at TEXT, switched_from TEXT, "
            "reversion_deadline TEXT, switched_at TEXT, "
            "offer_order TEXT, offer_band TEXT, offer_single_occupier BOOLEAN, offered_at TEXT, "
            "PRIMARY KEY (aggregate_id, account_number))"
        )

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        # Few events per property and few properties a batch: each is written as it comes.
        for e in events:
            key = str(e.originator_id)
            if isinstance(e, ChargeBasis.Started):
                cursor.execute(
                    "INSERT INTO charge_bases (aggregate_id, property_id, rateable_value) VALUES (%s, %s, NULL)",
                    (key, e.property_id),
                )
            elif isinstance(e, ChargeBasis.RateableValueSet):
                cursor.execute("UPDATE charge_bases SET rateable_value = %s WHERE aggregate_id = %s", (e.pence, key))
            elif isinstance(e, ChargeBasis.MeasuredTariffRequested):
                _account(cursor, key, e.account_number, requested_order=e.service_order_number, requested_at=e.at)
            elif isinstance(e, ChargeBasis.SwitchedToMeasured):
                _account(
                    cursor,
                    key,
                    e.account_number,
                    requested_order=None,
                    requested_at=None,
                    switched_from=e.valid_from,
                    reversion_deadline=e.reversion_deadline,
                    switched_at=e.at,
                )
            else:
                _account(
                    cursor,
                    key,
                    e.account_number,
                    requested_order=None,
                    requested_at=None,
                    offer_order=e.service_order_number,
                    offer_band=e.band,
                    offer_single_occupier=e.single_occupier,
                    offered_at=e.at,
                )


def _account(cursor: Cursor, key: str, account_number: str, **values: Any) -> None:
    written = {name: value.isoformat() if isinstance(value, date) else value for name, value in values.items()}
    cursor.execute(
        "INSERT INTO charge_basis_accounts (aggregate_id, account_number) VALUES (%s, %s) "
        "ON CONFLICT (aggregate_id, account_number) DO NOTHING",
        (key, account_number),
    )
    assignments = ", ".join(f"{name} = %s" for name in written)
    cursor.execute(
        f"UPDATE charge_basis_accounts SET {assignments} WHERE aggregate_id = %s AND account_number = %s",
        (*written.values(), key, account_number),
    )


def _decided(row: Sequence[Any]) -> dict[str, Any]:
    found = dict(zip(_ACCOUNT, row, strict=True))
    for name in _DATES:
        found[name] = date.fromisoformat(found[name]) if found[name] else None
    for name in _MOMENTS:
        found[name] = datetime.fromisoformat(found[name]) if found[name] else None
    found["offer_single_occupier"] = bool(found["offer_single_occupier"])
    return found


class ChargeBasesView:
    projection: ClassVar[type[Projection]] = ChargeBasesProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def of_properties(self, property_ids: Sequence[str]) -> list[dict[str, Any]]:
        """Each property's rateable value (None if it has none) and what was decided per account, in one query."""
        if not property_ids:
            return []
        rows = self.store.rows(
            f"SELECT b.property_id, b.rateable_value, {', '.join(f'a.{c}' for c in _ACCOUNT)} FROM charge_bases b "
            "LEFT JOIN charge_basis_accounts a ON a.aggregate_id = b.aggregate_id "
            f"WHERE b.property_id IN ({marks(property_ids)})",
            tuple(property_ids),
        )
        found: dict[str, dict[str, Any]] = {}
        for row in rows:
            listed = found.setdefault(row[0], {"rateable_value": row[1], "accounts": {}})
            if row[2] is not None:
                listed["accounts"][row[2]] = _decided(row[2:])
        return [found.get(property_id) or {"rateable_value": None, "accounts": {}} for property_id in property_ids]
