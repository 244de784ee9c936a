"""Add a campaign to an account: the account joins the campaign named by its slug.

An account already in the campaign, or a campaign that has expired or not started, answers
`campaignAdded: false` and records nothing.
"""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.loyalty.inputs import AddCampaignToAccountInput
from api.loyalty.types import AddCampaignToAccount
from api.mutation import kraken_mutation
from domain.loyalty.campaign_commands import AddCampaignToAccount as AddCampaignToAccountCommand
from domain.loyalty.errors import CampaignNotFound
from domain.shared.catalogue import AccountAccessDenied


@strawberry.type
class AddCampaignToAccountMutation:
    @kraken_mutation(
        errors=(AccountAccessDenied, CampaignNotFound),
        auth=True,
        # An over-long slug names no campaign.
        invalid=CampaignNotFound,
    )
    async def add_campaign_to_account(
        self, info: strawberry.Info[RequestContext, None], input: AddCampaignToAccountInput
    ) -> AddCampaignToAccount | None:
        command = AddCampaignToAccountCommand(
            account_number=info.context.account_number(input.account_number), campaign=input.campaign
        )
        added = await info.context.call(info.context.contexts.loyalty.add_campaign_to_account, command)
        return AddCampaignToAccount(campaign_added=added)
