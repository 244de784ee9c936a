"""The goods context's root query fields."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.context import RequestContext
from api.goods.queries.goods_products import GoodsProductConnectionTypeConnection, goods_products
from api.goods.queries.goods_purchases import goods_purchases
from api.goods.queries.goods_quotes import goods_quotes
from api.goods.types import GoodsPurchase, GoodsQuote

AccountNumber = Annotated[str, strawberry.argument(description="The account number.")]


@strawberry.type
class GoodsQueries:
    @strawberry.field(description="Get products and their quotes for a given account number or quote code.")
    async def goods_quotes(
        self,
        info: strawberry.Info[RequestContext, None],
        account_number: AccountNumber | None = None,
        quote_code: Annotated[str | None, strawberry.argument(description="The quote code.")] = None,
    ) -> list[GoodsQuote | None] | None:
        return await goods_quotes(info, account_number, quote_code)

    @strawberry.field(description="List Goods products given a market.")
    async def goods_products(
        self,
        info: strawberry.Info[RequestContext, None],
        market_name: Annotated[str, strawberry.argument(description="Market name of the products to list.")],
        product_type: Annotated[
            list[str | None] | None, strawberry.argument(description="Types of the products to filter by.")
        ] = None,
        code: Annotated[
            list[str | None] | None, strawberry.argument(description="Code of the products to filter by.")
        ] = None,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> GoodsProductConnectionTypeConnection | None:
        return await goods_products(info, market_name, product_type, code, first, after, last, before)

    @strawberry.field(description="List purchases for an account.")
    async def goods_purchases(
        self, info: strawberry.Info[RequestContext, None], account_number: AccountNumber
    ) -> list[GoodsPurchase | None] | None:
        return await goods_purchases(info, account_number)
