"""The loyalty context's queries: they read projections only."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.loyalty.types import LoyaltyPointLedgerEntryType


@strawberry.type
class LoyaltyQueries:
    @strawberry.field(description="The viewer's Loyalty Point ledger entries, oldest first.")
    async def loyalty_point_ledgers(
        self, info: strawberry.Info[RequestContext, None]
    ) -> list[LoyaltyPointLedgerEntryType | None] | None:
        # A token from a REDEEM_LOYALTY_POINTS pre-signed key may see the points it can redeem.
        viewer = await info.context.reader(scopes=frozenset({"REDEEM_LOYALTY_POINTS"}))
        entries = await info.context.call(info.context.contexts.read.loyalty_points.entries, str(viewer.id))
        return [LoyaltyPointLedgerEntryType.of(entry) for entry in entries]
