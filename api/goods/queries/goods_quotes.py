"""`goodsQuotes(accountNumber, quoteCode)`: an account's goods quotes, the newest first, or one quote by code.

An account user sees the quotes of their own accounts, an organisation any, and a prospect's quote
only an organisation (a sales channel): another account's quote, or a code no quote has, is absent.
"""

from __future__ import annotations

import strawberry

from api.context import QUERY_REFUSALS, RequestContext
from api.errors import raised_as
from api.goods.types import GoodsQuote
from domain.goods.quote import MAX_QUOTE_CODE
from domain.identity.organisation import Organisation


async def goods_quotes(
    info: strawberry.Info[RequestContext, None], account_number: str | None, quote_code: str | None
) -> list[GoodsQuote | None]:
    with raised_as(QUERY_REFUSALS):
        principal = await info.context.authenticate()
        number = info.context.account_number(account_number) if account_number else None
    read = info.context.contexts.read.goods_quotes
    now = info.context.contexts.goods.clock.now()
    code = (quote_code or "").strip().upper()
    if number is not None:
        rows = await info.context.loader(read.quotes_of_accounts).load(number)
        return [GoodsQuote.of(row, now) for row in rows if not code or row["code"] == code]
    if not code or len(code) > MAX_QUOTE_CODE:
        return []
    row = await info.context.loader(read.quotes).load(code)
    if row is None:
        return []
    viewer = principal.viewer
    visible = isinstance(viewer, Organisation) or (
        row["account_number"] is not None and viewer.belongs_to(row["account_number"])
    )
    return [GoodsQuote.of(row, now)] if visible else []
