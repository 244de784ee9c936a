"""Create a goods purchase without a quote: the account buys at today's catalogue prices."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.goods.inputs import CreatePurchaseInput, ProductToPurchaseInput, params_text
from api.goods.types import CreateGoodsPurchase, GoodsPurchase, purchase_row
from api.mutation import kraken_mutation
from domain.goods import commands
from domain.goods.errors import GoodsPurchaseAccessDenied, GoodsPurchaseDataInvalid
from domain.shared.catalogue import AccountAccessDenied


def sale_items(items: list[ProductToPurchaseInput | None]) -> tuple[commands.ProductToPurchase, ...]:
    return tuple(
        commands.ProductToPurchase(product_code=item.product_code, number_of_units=item.number_of_units)
        for item in items
        if item is not None
    )


@strawberry.type
class CreateGoodsPurchaseMutation:
    @kraken_mutation(
        errors=(GoodsPurchaseDataInvalid, GoodsPurchaseAccessDenied),
        auth=True,
        codes={AccountAccessDenied: GoodsPurchaseAccessDenied},
        invalid=GoodsPurchaseDataInvalid,
        description="Create a goods purchase.",
    )
    async def create_goods_purchase(
        self, info: strawberry.Info[RequestContext, None], input: CreatePurchaseInput
    ) -> CreateGoodsPurchase | None:
        command = commands.CreateGoodsPurchase(
            account_number=info.context.account_number(input.account_number),
            items=sale_items(input.sale_items),
            client_params=params_text(input.client_params),
            market_params=params_text(input.market_params),
        )
        purchase = await info.context.call(info.context.contexts.goods.create_goods_purchase, command)
        return CreateGoodsPurchase(goods_purchase=GoodsPurchase.of(purchase_row(purchase)))
