"""Accept a goods quote: the account buys its products at the quoted prices, once however often it is accepted."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.goods.inputs import AcceptGoodsQuoteInput, params_text
from api.goods.types import AcceptGoodsQuote, GoodsPurchase, purchase_row
from api.mutation import kraken_mutation
from domain.goods import commands
from domain.goods.errors import GoodsQuoteAcceptanceInvalid, GoodsQuoteAccessDenied, QuoteNotFound
from domain.shared.catalogue import AccountAccessDenied


@strawberry.type
class AcceptGoodsQuoteMutation:
    @kraken_mutation(
        errors=(GoodsQuoteAccessDenied, QuoteNotFound, GoodsQuoteAcceptanceInvalid),
        auth=True,
        codes={AccountAccessDenied: GoodsQuoteAccessDenied},
        invalid=GoodsQuoteAcceptanceInvalid,
        description="Accept a goods quote.",
    )
    async def accept_goods_quote(
        self, info: strawberry.Info[RequestContext, None], input: AcceptGoodsQuoteInput
    ) -> AcceptGoodsQuote | None:
        command = commands.AcceptGoodsQuote(
            account_number=info.context.account_number(input.account_number),
            quote_id=input.quote_id,
            client_params=params_text(input.client_params),
            market_params=params_text(input.market_params),
        )
        purchase = await info.context.call(info.context.contexts.goods.accept_goods_quote, command)
        return AcceptGoodsQuote(goods_purchase=GoodsPurchase.of(purchase_row(purchase)))
