"""Create a goods purchase: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.goods.inputs import CreatePurchaseInput
from api.goods.types import CreateGoodsPurchase
from api.mutation import pending_mutation
from domain.goods.errors import GoodsPurchaseAccessDenied, GoodsPurchaseDataInvalid


@strawberry.type
class CreateGoodsPurchaseMutation:
    create_goods_purchase = pending_mutation(
        args={"input": CreatePurchaseInput},
        payload=CreateGoodsPurchase | None,
        errors=(
            GoodsPurchaseDataInvalid,
            GoodsPurchaseAccessDenied,
        ),
        auth=True,
        description="Create a goods purchase.",
    )
