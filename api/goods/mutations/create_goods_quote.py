"""Create a goods quote: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.goods.inputs import CreateGoodsQuoteInput
from api.goods.types import CreateGoodsQuote
from api.mutation import pending_mutation
from domain.goods.errors import GoodsQuoteCreationFailed, GoodsQuoteDataInvalid


@strawberry.type
class CreateGoodsQuoteMutation:
    create_goods_quote = pending_mutation(
        args={"input": CreateGoodsQuoteInput},
        payload=CreateGoodsQuote | None,
        errors=(
            GoodsQuoteDataInvalid,
            GoodsQuoteCreationFailed,
        ),
        auth=True,
        description="Create a goods quote.",
    )
