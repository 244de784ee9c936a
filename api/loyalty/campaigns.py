"""Campaigns on the read side: `account { campaigns }` and the root `activeCampaignOffers(accountNumber)`
(the campaigns running today that the account has not joined yet)."""

from __future__ import annotations

import strawberry

from api.context import QUERY_REFUSALS, RequestContext
from api.errors import raised_as
from api.loyalty.types import AccountCampaignType, CampaignType


async def campaigns_of_account(info: strawberry.Info, account_number: str) -> list[AccountCampaignType | None]:
    rows = await info.context.loader(info.context.contexts.read.campaigns.of_accounts).load(account_number)
    return [AccountCampaignType.of(row) for row in rows]


@strawberry.type
class CampaignQueries:
    @strawberry.field(description="All active campaigns with offers for the given account.")
    async def active_campaign_offers(
        self, info: strawberry.Info[RequestContext, None], account_number: str
    ) -> list[CampaignType | None] | None:
        with raised_as(QUERY_REFUSALS):
            await info.context.authenticate()
            number = info.context.account_number(account_number)
        today = info.context.contexts.loyalty.clock.now().date()
        rows = await info.context.loader(info.context.contexts.read.campaigns.offers, today).load(number)
        return [CampaignType.of(row) for row in rows]
