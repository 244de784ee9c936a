"""Accept a goods quote: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.goods.inputs import AcceptGoodsQuoteInput
from api.goods.types import AcceptGoodsQuote
from api.mutation import pending_mutation
from domain.goods.errors import GoodsQuoteAcceptanceInvalid, GoodsQuoteAccessDenied, QuoteNotFound


@strawberry.type
class AcceptGoodsQuoteMutation:
    accept_goods_quote = pending_mutation(
        args={"input": AcceptGoodsQuoteInput},
        payload=AcceptGoodsQuote | None,
        errors=(
            GoodsQuoteAccessDenied,
            QuoteNotFound,
            GoodsQuoteAcceptanceInvalid,
        ),
        auth=True,
        description="Accept a goods quote.",
    )
