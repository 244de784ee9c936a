"""Create a goods quote for a prospect, someone not yet a customer: their profile is kept encrypted with the quote."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.goods.inputs import CreateGoodsQuoteWithoutAccountInput, params_text
from api.goods.mutations.create_goods_quote import products_to_quote
from api.goods.types import CreateGoodsQuoteWithoutAccount, GoodsQuote, quote_row
from api.mutation import kraken_mutation
from domain.goods import commands
from domain.goods.errors import GoodsQuoteDataInvalid
from domain.identity.organisation import Organisation


@strawberry.type
class CreateGoodsQuoteWithoutAccountMutation:
    @kraken_mutation(
        errors=(GoodsQuoteDataInvalid,),
        auth=True,
        invalid=GoodsQuoteDataInvalid,
        description="Create a goods quote without an account.",
    )
    async def create_goods_quote_without_account(
        self, info: strawberry.Info[RequestContext, None], input: CreateGoodsQuoteWithoutAccountInput
    ) -> CreateGoodsQuoteWithoutAccount | None:
        profile = input.customer_profile
        lines = [profile.address_line1, profile.address_line2, profile.address_line3]
        lines += [profile.address_line4, profile.address_line5]
        command = commands.CreateGoodsQuoteWithoutAccount(
            customer_profile=commands.CustomerProfile(
                given_name=profile.given_name,
                family_name=profile.family_name,
                email=profile.email,
                phone_number=profile.phone_number,
                postcode=profile.postcode,
                address_lines=tuple(line if isinstance(line, str) else "" for line in lines),
            ),
            products=products_to_quote(input.products_to_quote),
            client_params=params_text(input.client_params),
            may_set_prices=isinstance(info.context.acting.viewer, Organisation),
        )
        goods = info.context.contexts.goods
        quote = await info.context.call(goods.create_goods_quote_without_account, command)
        return CreateGoodsQuoteWithoutAccount(goods_quote=GoodsQuote.of(quote_row(quote), goods.clock.now()))
