"""The payments context's reads: one module per question, each reading its projection only."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.payments.queries.standalone_payment import StandalonePaymentType, standalone_payment


@strawberry.type
class PaymentsQueries:
    @strawberry.field(
        description="A standalone payment, found by the retrieval token given when it was initiated. "
        "The token is the permission: no login is needed, and an unknown token answers null."
    )
    async def standalone_payment(
        self, info: strawberry.Info[RequestContext, None], retrieval_token: str
    ) -> StandalonePaymentType | None:
        return await standalone_payment(info, retrieval_token)
