"""The goods catalogue (answers `goodsProducts(marketName, productType, code)` and `kraken goods list`):
one row per product, with its price as it is today; a withdrawn product is kept, marked."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from datetime import date
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.goods.catalogue import GoodsCatalogue, GoodsProduct, vat
from projections.pages import Listing, Page, Window
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks

_COLUMNS = (
    "id",
    "code",
    "market_name",
    "product_type",
    "product_type_name",
    "internal_name",
    "customer_name",
    "description",
    "notes",
    "available_from",
    "available_to",
    "price_per_unit",
    "gross_price_per_unit",
    "currency",
    "vat_basis_points",
    "withdrawn",
)
# The most codes or product types one question may filter by.
MAX_FILTER = 50


class GoodsProductsProjection(Projection):
    name = "goods_products"
    upstream = "goods"
    topics = (
        get_topic(GoodsCatalogue.ProductAdded),
        get_topic(GoodsCatalogue.PriceSet),
        get_topic(GoodsCatalogue.ProductWithdrawn),
    )
    tables = ("goods_products",)

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS goods_products (id INTEGER PRIMARY KEY, code TEXT NOT NULL, "
            "market_name TEXT NOT NULL, product_type TEXT NOT NULL, product_type_name TEXT NOT NULL, "
            "internal_name TEXT NOT NULL, customer_name TEXT NOT NULL, description TEXT NOT NULL, "
            "notes TEXT NOT NULL, available_from TEXT NOT NULL, available_to TEXT, price_per_unit BIGINT, "
            "gross_price_per_unit BIGINT, currency TEXT NOT NULL, vat_basis_points INTEGER NOT NULL, "
            "withdrawn BOOLEAN NOT NULL)"
        )
        cursor.execute("CREATE INDEX IF NOT EXISTS goods_products_market ON goods_products (market_name, id)")

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        for e in events:
            if isinstance(e, GoodsCatalogue.ProductAdded):
                cursor.insert_rows("goods_products", _COLUMNS, [_row(e.product)])
            elif isinstance(e, GoodsCatalogue.PriceSet):
                cursor.execute("SELECT vat_basis_points FROM goods_products WHERE id = %s", (e.product_id,))
                [[rate]] = cursor.fetchall()
                cursor.execute(
                    "UPDATE goods_products SET price_per_unit = %s, gross_price_per_unit = %s WHERE id = %s",
                    (e.price_per_unit, e.price_per_unit + vat(e.price_per_unit, rate), e.product_id),
                )
            elif isinstance(e, GoodsCatalogue.ProductWithdrawn):
                cursor.execute("UPDATE goods_products SET withdrawn = %s WHERE id = %s", (True, e.product_id))


def _row(product: GoodsProduct) -> tuple[Any, ...]:
    return (
        product.id,
        product.code,
        product.market_name,
        product.product_type,
        product.product_type_name,
        product.internal_name,
        product.customer_name,
        product.description,
        product.notes,
        product.available_from.isoformat(),
        product.available_to.isoformat() if product.available_to else None,
        product.price_per_unit,
        product.gross_price_per_unit,
        product.currency,
        product.vat_basis_points,
        False,
    )


def _product(row: dict[str, Any]) -> dict[str, Any]:
    row["available_from"] = date.fromisoformat(row["available_from"])
    row["available_to"] = date.fromisoformat(row["available_to"]) if row["available_to"] else None
    row["withdrawn"] = bool(row["withdrawn"])
    return row


class GoodsProductsView:
    projection: ClassVar[type[Projection]] = GoodsProductsProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def catalogue(self) -> list[dict[str, Any]]:
        """Every product, by id (a catalogue is tens of products, not thousands)."""
        rows = self.store.rows(f"SELECT {', '.join(_COLUMNS)} FROM goods_products ORDER BY id")
        return [_product(dict(zip(_COLUMNS, row, strict=True))) for row in rows]

    @staticmethod
    def listing(product_types: Sequence[str], codes: Sequence[str]) -> Listing:
        """A market's products on sale, by id, of the types and codes given (all when none)."""
        where, params = ["withdrawn = %s"], list[Any]([False])
        for column, values in (("product_type", product_types), ("code", codes)):
            if values:
                where.append(f"{column} IN ({marks(values)})")
                params.extend(values)
        return Listing(
            "goods_products",
            "market_name",
            _COLUMNS,
            ("id",),
            " AND ".join(where),
            tuple(params),
            descending=False,
        )

    def pages(self, listing: Listing, window: Window, markets: Sequence[Hashable]) -> list[Page]:
        found = listing.pages(self.store, markets, window)
        return [_paged(found[market]) for market in markets]

    def counts(self, listing: Listing, markets: Sequence[Hashable]) -> list[int]:
        found = listing.counts(self.store, markets)
        return [found[market] for market in markets]


def _paged(page: Page) -> Page:
    return Page([_product(row) for row in page.rows], page.keys, page.has_next, page.has_previous)
