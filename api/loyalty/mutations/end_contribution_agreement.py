"""End a contribution agreement: at `endAt`, or now when not given; no period after the end is charged.

An id that names no agreement (or is not an agreement id at all) answers KT-CT-9603. An agreement of an
account the viewer may not act on answers KT-CT-4123: agreement ids are random UUIDs (122 random
bits), so that answer tells nothing to a caller who did not already hold the id.
"""

from __future__ import annotations

from uuid import UUID

import strawberry

from api.context import RequestContext
from api.loyalty.inputs import EndContributionAgreementInput
from api.loyalty.mutations.create_contribution_agreement import agreement_payload
from api.loyalty.types import EndContributionAgreement
from api.mutation import kraken_mutation
from domain.loyalty.contribution_commands import EndContributionAgreement as EndContributionAgreementCommand
from domain.loyalty.errors import ContributionAgreementEndFailed, ContributionAgreementNotFound
from domain.shared.catalogue import AccountAccessDenied


def agreement_id(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise ContributionAgreementNotFound("No contribution agreement has that id.") from None


@strawberry.type
class EndContributionAgreementMutation:
    @kraken_mutation(
        errors=(
            ContributionAgreementNotFound,
            AccountAccessDenied,
            ContributionAgreementEndFailed,
        ),
        auth=True,
        # An over-long id names no agreement.
        invalid=ContributionAgreementNotFound,
        description="End a contribution agreement for an account.",
    )
    async def end_contribution_agreement(
        self, info: strawberry.Info[RequestContext, None], input: EndContributionAgreementInput
    ) -> EndContributionAgreement | None:
        loyalty = info.context.contexts.loyalty
        found = agreement_id(str(input.contribution_agreement_id))
        info.context.account_number(await info.context.call(loyalty.contribution_agreement_account, found))
        command = EndContributionAgreementCommand(agreement_id=found, end_at=input.end_at or None)
        agreement = await info.context.call(loyalty.end_contribution_agreement, command)
        scheme = await info.context.call(loyalty.contribution_scheme, agreement.scheme_code)
        return EndContributionAgreement(contribution_agreement=agreement_payload(agreement, scheme))
