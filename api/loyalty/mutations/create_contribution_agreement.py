"""Create a contribution agreement for an account: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.loyalty.inputs import CreateContributionAgreementInput
from api.loyalty.types import CreateContributionAgreement
from api.mutation import pending_mutation
from domain.loyalty.errors import (
    ContributionAgreementCreationFailed,
    ContributionAgreementDataInvalid,
    ContributionAmountNotPositive,
    ContributionSchemeClosed,
)
from domain.shared.catalogue import AccountAccessDenied


@strawberry.type
class CreateContributionAgreementMutation:
    create_contribution_agreement = pending_mutation(
        args={"input": CreateContributionAgreementInput},
        payload=CreateContributionAgreement | None,
        errors=(
            AccountAccessDenied,
            ContributionAgreementDataInvalid,
            ContributionAgreementCreationFailed,
            ContributionAmountNotPositive,
            ContributionSchemeClosed,
        ),
        auth=True,
        description="Create a contribution agreement for an account.",
    )
