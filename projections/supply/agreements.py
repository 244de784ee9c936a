"""Agreements and product switches (answers `account { agreements }`, and which switches the
scheduler makes today): one row per recorded agreement, one per switch.

Only agreements a switch recorded are rows here: an occupancy period with none is on the default
product from its first day, which the query derives from the properties read model (the same
agreement, by the same id, that the first switch records).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.supply.agreements import SupplyAgreements
from domain.supply.product_switch import ProductSwitch
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks

_AGREEMENT = ("period_id", "ordinal", "account_number", "property_id", "product_code", "valid_from", "valid_to")


class AgreementsProjection(Projection):
    name = "supply_agreements"
    upstream = "supply"
    topics = (
        get_topic(SupplyAgreements.Opened),
        get_topic(SupplyAgreements.AgreementEnded),
        get_topic(SupplyAgreements.AgreementMade),
        get_topic(ProductSwitch.Initiated),
        get_topic(ProductSwitch.Applied),
    )
    tables = ("supply_agreements", "product_switches")

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS supply_agreements (aggregate_id TEXT NOT NULL, ordinal INTEGER NOT NULL, "
            "period_id TEXT NOT NULL, account_number TEXT NOT NULL, property_id TEXT NOT NULL, "
            "product_code TEXT NOT NULL, valid_from TEXT NOT NULL, valid_to TEXT, PRIMARY KEY (aggregate_id, ordinal))"
        )
        cursor.execute("CREATE INDEX IF NOT EXISTS supply_agreements_by_account ON supply_agreements (account_number)")
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS product_switches (aggregate_id TEXT PRIMARY KEY, number BIGINT NOT NULL, "
            "account_number TEXT NOT NULL, product_code TEXT NOT NULL, switch_date TEXT NOT NULL, "
            "applied BOOLEAN NOT NULL)"
        )
        cursor.execute("CREATE INDEX IF NOT EXISTS product_switches_pending ON product_switches (applied, switch_date)")

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        # One statement per event, in order: a switch is a handful of events, never a flood.
        columns = ("aggregate_id", *_AGREEMENT)
        insert = f"INSERT INTO supply_agreements ({', '.join(columns)}) VALUES ({marks(columns)})"
        for e in events:
            key = str(e.originator_id)
            if isinstance(e, SupplyAgreements.Opened):
                cursor.execute(
                    insert,
                    (
                        key,
                        e.period_id,
                        1,
                        e.account_number,
                        e.property_id,
                        e.product_code,
                        e.valid_from.isoformat(),
                        None,
                    ),
                )
            elif isinstance(e, SupplyAgreements.AgreementEnded):
                cursor.execute(
                    "UPDATE supply_agreements SET valid_to = %s WHERE aggregate_id = %s AND ordinal = %s",
                    (e.valid_to.isoformat(), key, e.ordinal),
                )
            elif isinstance(e, SupplyAgreements.AgreementMade):
                # The new agreement belongs to the same period, account and property as the first.
                cursor.execute(
                    f"INSERT INTO supply_agreements (aggregate_id, {', '.join(_AGREEMENT)}) "
                    "SELECT aggregate_id, period_id, %s, account_number, property_id, %s, %s, NULL "
                    "FROM supply_agreements WHERE aggregate_id = %s AND ordinal = 1",
                    (e.ordinal, e.product_code, e.valid_from.isoformat(), key),
                )
            elif isinstance(e, ProductSwitch.Initiated):
                cursor.execute(
                    "INSERT INTO product_switches (aggregate_id, number, account_number, product_code, switch_date, "
                    "applied) VALUES (%s, %s, %s, %s, %s, %s)",
                    (key, e.number, e.account_number, e.product_code, e.switch_date.isoformat(), False),
                )
            elif isinstance(e, ProductSwitch.Applied):
                cursor.execute("UPDATE product_switches SET applied = %s WHERE aggregate_id = %s", (True, key))


class AgreementsView:
    projection: ClassVar[type[Projection]] = AgreementsProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def of_accounts(self, account_numbers: Sequence[str]) -> list[dict[str, list[dict[str, Any]]]]:
        """Each account's recorded agreements by occupancy period, oldest first, in one query."""
        if not account_numbers:
            return []
        rows = self.store.rows(
            f"SELECT {', '.join(_AGREEMENT)} FROM supply_agreements WHERE account_number IN ({marks(account_numbers)}) "
            "ORDER BY period_id, ordinal",
            tuple(account_numbers),
        )
        found: dict[str, dict[str, list[dict[str, Any]]]] = {number: {} for number in account_numbers}
        for row in rows:
            agreement = dict(zip(_AGREEMENT, row, strict=True))
            agreement["valid_from"] = date.fromisoformat(agreement["valid_from"])
            agreement["valid_to"] = date.fromisoformat(agreement["valid_to"]) if agreement["valid_to"] else None
            found[agreement["account_number"]].setdefault(agreement["period_id"], []).append(agreement)
        return [found[number] for number in account_numbers]

    def due_switches(self, today: date) -> list[int]:
        """The switches not made yet whose day has come, the earliest first."""
        rows = self.store.rows(
            "SELECT number FROM product_switches WHERE applied = %s AND switch_date <= %s ORDER BY switch_date, number",
            (False, today.isoformat()),
        )
        return [int(row[0]) for row in rows]
