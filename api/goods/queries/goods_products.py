"""`goodsProducts(marketName, productType, code)`: the goods on sale in a market, as Kraken GB's connection.

The catalogue is what anyone may buy, so it needs no login. Prices are integer minor units carried in
GB's Float fields; a product not priced yet answers null prices.
"""

from __future__ import annotations

import datetime
from typing import Any

import strawberry

from api.shared.connections import Connection, window_of
from projections.goods.products import MAX_FILTER, GoodsProductsView

PRODUCTS = "goods-products"


@strawberry.type
class GoodsProductType:
    code: str | None = strawberry.field(description="Product type code.", default=None)
    internal_name: str | None = strawberry.field(description="Product type name.", default=None)


@strawberry.type
class GoodsProduct:
    id: int | None = strawberry.field(description="Product ID.", default=None)
    market_name: str | None = strawberry.field(description="Market of the product.", default=None)
    product_type: GoodsProductType | None = strawberry.field(description="Type of the product.", default=None)
    code: str | None = strawberry.field(description="Product code.", default=None)
    internal_name: str | None = strawberry.field(description="Product internal name.", default=None)
    customer_name: str | None = strawberry.field(description="Product customer name.", default=None)
    notes: str | None = strawberry.field(description="Product notes.", default=None)
    description: str | None = strawberry.field(description="Product description.", default=None)
    available_from: datetime.date | None = strawberry.field(description="Product available from.", default=None)
    available_to: datetime.date | None = strawberry.field(description="Product available to.", default=None)
    price_per_unit: float | None = strawberry.field(description="Price per unit.", default=None)
    gross_price_per_unit: float | None = strawberry.field(description="Gross price per unit.", default=None)
    currency: str | None = strawberry.field(description="Currency.", default=None)

    @classmethod
    def of(cls, row: dict[str, Any]) -> GoodsProduct:
        price, gross = row["price_per_unit"], row["gross_price_per_unit"]
        return cls(
            id=row["id"],
            market_name=row["market_name"],
            product_type=GoodsProductType(code=row["product_type"], internal_name=row["product_type_name"]),
            code=row["code"],
            internal_name=row["internal_name"],
            customer_name=row["customer_name"],
            notes=row["notes"],
            description=row["description"],
            available_from=row["available_from"],
            available_to=row["available_to"],
            price_per_unit=None if price is None else float(price),
            gross_price_per_unit=None if gross is None else float(gross),
            currency=row["currency"],
        )


@strawberry.type
class GoodsProductConnectionTypeEdge:
    node: GoodsProduct | None = strawberry.field(description="The item at the end of the edge")
    cursor: str = strawberry.field(description="A cursor for use in pagination")


@strawberry.type
class GoodsProductConnectionTypeConnection(Connection):
    edges: list[GoodsProductConnectionTypeEdge | None] = strawberry.field(
        description="Contains the nodes in this connection."
    )


def _filter(values: list[str | None] | None) -> tuple[str, ...]:
    # A filter names a handful of codes; more than MAX_FILTER are not looked at.
    return tuple(sorted({v.strip().upper() for v in (values or []) if v and v.strip()}))[:MAX_FILTER]


async def goods_products(
    info: strawberry.Info,
    market_name: str,
    product_type: list[str | None] | None,
    code: list[str | None] | None,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> GoodsProductConnectionTypeConnection:
    window = window_of(PRODUCTS, (int,), info.context.settings.max_page_size, first, after, last, before)
    view = info.context.contexts.read.goods_products
    listing = GoodsProductsView.listing(_filter(product_type), _filter(code))
    market = market_name.strip().upper()[:40]
    page = await info.context.loader(view.pages, listing, window).load(market)

    async def counted() -> int:
        return int(await info.context.loader(view.counts, listing).load(market))

    return GoodsProductConnectionTypeConnection.paged(
        PRODUCTS, page, GoodsProduct.of, GoodsProductConnectionTypeEdge, counted
    )
