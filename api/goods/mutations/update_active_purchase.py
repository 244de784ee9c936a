"""Update an active goods purchase: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.goods.inputs import UpdatePurchaseInput
from api.goods.types import UpdateActivePurchase
from api.mutation import pending_mutation
from domain.goods.errors import (
    GoodsGrantsNotApplied,
    GoodsPurchaseDataInvalid,
    GoodsPurchaseNotActive,
    GoodsPurchaseNotFound,
)


@strawberry.type
class UpdateActivePurchaseMutation:
    update_active_purchase = pending_mutation(
        args={"input": UpdatePurchaseInput},
        payload=UpdateActivePurchase | None,
        errors=(
            GoodsPurchaseNotFound,
            GoodsPurchaseNotActive,
            GoodsPurchaseDataInvalid,
            GoodsGrantsNotApplied,
        ),
        auth=True,
        description="Update an active purchase.",
    )
