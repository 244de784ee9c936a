"""Share a goods quote: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.goods.inputs import ShareGoodsQuoteInput
from api.goods.types import ShareGoodsQuote
from api.mutation import pending_mutation
from domain.goods.errors import GoodsQuoteCodeNotFound
from domain.shared.catalogue import EmailInvalid


@strawberry.type
class ShareGoodsQuoteMutation:
    share_goods_quote = pending_mutation(
        args={"input": ShareGoodsQuoteInput},
        payload=ShareGoodsQuote | None,
        errors=(EmailInvalid, GoodsQuoteCodeNotFound),
        auth=False,
        description="Share a goods quote.",
    )
