"""Share a goods quote by email: anyone holding its code may, without a login, so every call is throttled
per quote code and per client address (KT-CT-1199 past either allowance); a worker sends the email."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.goods.inputs import ShareGoodsQuoteInput
from api.goods.types import GoodsQuoteShare, ShareGoodsQuote
from api.mutation import kraken_mutation
from domain.goods import commands
from domain.goods.errors import GoodsQuoteCodeNotFound
from domain.shared.catalogue import EmailInvalid, TooManyRequests


@strawberry.type
class ShareGoodsQuoteMutation:
    @kraken_mutation(
        errors=(EmailInvalid, GoodsQuoteCodeNotFound, TooManyRequests),
        auth=False,
        invalid=EmailInvalid,
        description="Share a goods quote.",
    )
    async def share_goods_quote(
        self, info: strawberry.Info[RequestContext, None], input: ShareGoodsQuoteInput
    ) -> ShareGoodsQuote | None:
        command = commands.ShareGoodsQuote(
            quote_code=input.quote_code.strip(), email=input.email, client=info.context.client
        )
        share_id = await info.context.call(info.context.contexts.goods.share_goods_quote, command)
        return ShareGoodsQuote(share=GoodsQuoteShare(id=share_id))
