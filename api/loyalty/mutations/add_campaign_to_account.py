"""Add a campaign to an account: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.loyalty.inputs import AddCampaignToAccountInput
from api.loyalty.types import AddCampaignToAccount
from api.mutation import pending_mutation
from domain.loyalty.errors import CampaignNotFound
from domain.shared.catalogue import AccountAccessDenied


@strawberry.type
class AddCampaignToAccountMutation:
    add_campaign_to_account = pending_mutation(
        args={"input": AddCampaignToAccountInput},
        payload=AddCampaignToAccount | None,
        errors=(AccountAccessDenied, CampaignNotFound),
        auth=True,
    )
