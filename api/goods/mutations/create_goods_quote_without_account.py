"""Create a goods quote without an account: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.goods.inputs import CreateGoodsQuoteWithoutAccountInput
from api.goods.types import CreateGoodsQuoteWithoutAccount
from api.mutation import pending_mutation
from domain.goods.errors import GoodsQuoteDataInvalid


@strawberry.type
class CreateGoodsQuoteWithoutAccountMutation:
    create_goods_quote_without_account = pending_mutation(
        args={"input": CreateGoodsQuoteWithoutAccountInput},
        payload=CreateGoodsQuoteWithoutAccount | None,
        errors=(GoodsQuoteDataInvalid,),
        auth=True,
        description="Create a goods quote without an account.",
    )
