"""Create a goods quote for an account: the products priced today, kept as quoted until the quote expires."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.goods.inputs import CreateGoodsQuoteInput, ProductToQuoteInput, params_text
from api.goods.types import CreateGoodsQuote, GoodsQuote, quote_row
from api.mutation import kraken_mutation
from domain.goods import commands
from domain.goods.errors import GoodsQuoteCreationFailed, GoodsQuoteDataInvalid
from domain.identity.organisation import Organisation
from domain.shared.catalogue import AccountAccessDenied, Unauthorized


def products_to_quote(products: list[ProductToQuoteInput | None]) -> tuple[commands.ProductToQuote, ...]:
    return tuple(
        commands.ProductToQuote(
            product_id=p.product_id,
            number_of_units=p.number_of_units,
            currency=p.currency,
            price_per_unit=p.price_per_unit if isinstance(p.price_per_unit, int) else None,
        )
        for p in products
        if p is not None
    )


@strawberry.type
class CreateGoodsQuoteMutation:
    @kraken_mutation(
        errors=(GoodsQuoteDataInvalid, GoodsQuoteCreationFailed),
        auth=True,
        # The seed lists no code of its own for another customer's account: it is unauthorised.
        codes={AccountAccessDenied: Unauthorized},
        invalid=GoodsQuoteDataInvalid,
        description="Create a goods quote.",
    )
    async def create_goods_quote(
        self, info: strawberry.Info[RequestContext, None], input: CreateGoodsQuoteInput
    ) -> CreateGoodsQuote | None:
        command = commands.CreateGoodsQuote(
            account_number=info.context.account_number(input.account_number),
            products=products_to_quote(input.products_to_quote),
            client_params=params_text(input.client_params),
            # A sales channel (an organisation) may quote its own prices; a customer the catalogue's.
            may_set_prices=isinstance(info.context.acting.viewer, Organisation),
        )
        goods = info.context.contexts.goods
        quote = await info.context.call(goods.create_goods_quote, command)
        return CreateGoodsQuote(goods_quote=GoodsQuote.of(quote_row(quote), goods.clock.now()))
