"""The water products and the quotes made for them (answers `quote(code)`, the products an agreement
names, and `kraken tariff list`): one row per product, one per quote with its quoted products.

Prices are kept as the decimal text they were published with, so that they come back exactly.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.supply.product import WaterProduct
from domain.supply.quote import SupplyQuote
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks

_PRODUCT = (
    "code",
    "display_name",
    "description",
    "basis",
    "standing_charge",
    "volumetric_rate",
    "available_from",
    "available_to",
)
_QUOTE = (
    "code",
    "account_number",
    "property_id",
    "supply_point_id",
    "products",
    "first_start_date",
    "last_start_date",
    "expires_at",
    "made_at",
)


class ProductsProjection(Projection):
    name = "water_products"
    upstream = "supply"
    topics = (get_topic(WaterProduct.Added), get_topic(SupplyQuote.Made))
    tables = ("water_products", "supply_quotes")

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS water_products (code TEXT PRIMARY KEY, display_name TEXT NOT NULL, "
            "description TEXT NOT NULL, basis TEXT NOT NULL, standing_charge TEXT NOT NULL, "
            "volumetric_rate TEXT NOT NULL, available_from TEXT NOT NULL, available_to TEXT)"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS supply_quotes (code TEXT PRIMARY KEY, account_number TEXT NOT NULL, "
            "property_id TEXT NOT NULL, supply_point_id TEXT NOT NULL, products TEXT NOT NULL, "
            "first_start_date TEXT NOT NULL, last_start_date TEXT NOT NULL, expires_at TEXT NOT NULL, "
            "made_at TEXT NOT NULL)"
        )

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        products, quotes = [], []
        for e in events:
            if isinstance(e, WaterProduct.Added):
                products.append(
                    (
                        e.code,
                        e.display_name,
                        e.description,
                        e.basis.value,
                        str(e.standing_charge),
                        str(e.volumetric_rate),
                        e.available_from.isoformat(),
                        e.available_to.isoformat() if e.available_to else None,
                    )
                )
            elif isinstance(e, SupplyQuote.Made):
                quotes.append(
                    (
                        e.code,
                        e.account_number,
                        e.property_id,
                        e.supply_point_id,
                        json.dumps([[p.ordinal, p.product_code] for p in e.products]),
                        e.first_start_date.isoformat(),
                        e.last_start_date.isoformat(),
                        e.expires_at.isoformat(),
                        e.made_at.isoformat(),
                    )
                )
        cursor.insert_rows("water_products", _PRODUCT, products)
        cursor.insert_rows("supply_quotes", _QUOTE, quotes)


def _product(row: Sequence[Any]) -> dict[str, Any]:
    found = dict(zip(_PRODUCT, row, strict=True))
    found["standing_charge"] = Decimal(found["standing_charge"])
    found["volumetric_rate"] = Decimal(found["volumetric_rate"])
    found["available_from"] = date.fromisoformat(found["available_from"])
    found["available_to"] = date.fromisoformat(found["available_to"]) if found["available_to"] else None
    return found


def _quote(row: Sequence[Any]) -> dict[str, Any]:
    found = dict(zip(_QUOTE, row, strict=True))
    found["products"] = [{"ordinal": ordinal, "product_code": code} for ordinal, code in json.loads(found["products"])]
    for key in ("first_start_date", "last_start_date"):
        found[key] = date.fromisoformat(found[key])
    for key in ("expires_at", "made_at"):
        found[key] = datetime.fromisoformat(found[key])
    return found


class ProductsView:
    projection: ClassVar[type[Projection]] = ProductsProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def catalogue(self) -> list[dict[str, Any]]:
        """Every product, by code (a catalogue is tens of products, not thousands)."""
        rows = self.store.rows(f"SELECT {', '.join(_PRODUCT)} FROM water_products ORDER BY code")
        return [_product(row) for row in rows]

    def products(self, codes: Sequence[str]) -> list[dict[str, Any] | None]:
        """Each product (None for a code no product has), in one query."""
        if not codes:
            return []
        rows = self.store.rows(
            f"SELECT {', '.join(_PRODUCT)} FROM water_products WHERE code IN ({marks(codes)})", tuple(codes)
        )
        found = {row[0]: _product(row) for row in rows}
        return [found.get(code) for code in codes]

    def quotes(self, codes: Sequence[str]) -> list[dict[str, Any] | None]:
        """Each quote with its quoted products (None for a code no quote has), in one query."""
        if not codes:
            return []
        rows = self.store.rows(
            f"SELECT {', '.join(_QUOTE)} FROM supply_quotes WHERE code IN ({marks(codes)})", tuple(codes)
        )
        found = {row[0]: _quote(row) for row in rows}
        return [found.get(code) for code in codes]
