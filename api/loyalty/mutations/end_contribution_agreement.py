"""End a contribution agreement for an account: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.loyalty.inputs import EndContributionAgreementInput
from api.loyalty.types import EndContributionAgreement
from api.mutation import pending_mutation
from domain.loyalty.errors import ContributionAgreementEndFailed, ContributionAgreementNotFound
from domain.shared.catalogue import AccountAccessDenied


@strawberry.type
class EndContributionAgreementMutation:
    end_contribution_agreement = pending_mutation(
        args={"input": EndContributionAgreementInput},
        payload=EndContributionAgreement | None,
        errors=(
            ContributionAgreementNotFound,
            AccountAccessDenied,
            ContributionAgreementEndFailed,
        ),
        auth=True,
        description="End a contribution agreement for an account.",
    )
