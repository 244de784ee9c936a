"""Update an active goods purchase: its items replaced at today's prices, its grants worked out again and its
ledger charge reversed and posted again by payments."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.goods.inputs import UpdatePurchaseInput, params_text
from api.goods.mutations.create_goods_purchase import sale_items
from api.goods.types import GoodsPurchase, UpdateActivePurchase, purchase_row
from api.mutation import kraken_mutation
from domain.goods import commands
from domain.goods.errors import (
    GoodsGrantsNotApplied,
    GoodsPurchaseDataInvalid,
    GoodsPurchaseNotActive,
    GoodsPurchaseNotFound,
)
from domain.shared.catalogue import AccountAccessDenied


@strawberry.type
class UpdateActivePurchaseMutation:
    @kraken_mutation(
        errors=(GoodsPurchaseNotFound, GoodsPurchaseNotActive, GoodsPurchaseDataInvalid, GoodsGrantsNotApplied),
        auth=True,
        # Another customer's purchases are not the viewer's to learn of: as a purchase no one has.
        codes={AccountAccessDenied: GoodsPurchaseNotFound},
        invalid=GoodsPurchaseDataInvalid,
        description="Update an active purchase.",
    )
    async def update_active_purchase(
        self, info: strawberry.Info[RequestContext, None], input: UpdatePurchaseInput
    ) -> UpdateActivePurchase | None:
        command = commands.UpdateActivePurchase(
            account_number=info.context.account_number(input.account_number),
            purchase_id=str(input.purchase_id),
            items=sale_items(input.sale_items),
            client_params=params_text(input.client_params),
            market_params=params_text(input.market_params),
        )
        purchase = await info.context.call(info.context.contexts.goods.update_active_purchase, command)
        return UpdateActivePurchase(goods_purchase=GoodsPurchase.of(purchase_row(purchase)))
