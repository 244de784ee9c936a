"""`goodsPurchases(accountNumber)`: an account's goods purchases, the newest first, as they are now."""

from __future__ import annotations

import strawberry

from api.context import QUERY_REFUSALS, RequestContext
from api.errors import raised_as
from api.goods.types import GoodsPurchase


async def goods_purchases(
    info: strawberry.Info[RequestContext, None], account_number: str
) -> list[GoodsPurchase | None]:
    with raised_as(QUERY_REFUSALS):
        await info.context.authenticate()
        number = info.context.account_number(account_number)
    rows = await info.context.loader(info.context.contexts.read.goods_purchases.purchases_of_accounts).load(number)
    return [GoodsPurchase.of(row) for row in rows]
