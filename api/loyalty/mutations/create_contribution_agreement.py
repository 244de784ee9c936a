"""Create a contribution agreement for an account: it gives `amount` (minor units) to a scheme every
month or quarter from `activeFrom`, charged on its ledger as each period ends."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.loyalty.inputs import CreateContributionAgreementInput
from api.loyalty.types import ContributionAgreementType, ContributionSchemeType, CreateContributionAgreement, Interval
from api.mutation import kraken_mutation
from domain.loyalty.contribution_agreement import ContributionAgreement, ContributionInterval
from domain.loyalty.contribution_commands import CreateContributionAgreement as CreateContributionAgreementCommand
from domain.loyalty.contribution_scheme import ContributionScheme
from domain.loyalty.errors import (
    ContributionAgreementCreationFailed,
    ContributionAgreementDataInvalid,
    ContributionAmountNotPositive,
    ContributionSchemeClosed,
)
from domain.shared.catalogue import AccountAccessDenied


def agreement_payload(agreement: ContributionAgreement, scheme: ContributionScheme | None) -> ContributionAgreementType:
    """The agreement as the domain has it now (the read side may not have caught up with it yet)."""
    return ContributionAgreementType(
        id=strawberry.ID(str(agreement.id)),
        interval=Interval(agreement.interval.value),
        active_from=agreement.active_from,
        active_to=agreement.ends_at,
        amount=agreement.amount,
        scheme_code=agreement.scheme_code,
        scheme=None
        if scheme is None
        else ContributionSchemeType(
            id=strawberry.ID(scheme.code),
            code=scheme.code,
            display_name=scheme.display_name,
            taxable=scheme.taxable,
            accepting_contributions=scheme.accepting_contributions,
        ),
    )


@strawberry.type
class CreateContributionAgreementMutation:
    @kraken_mutation(
        errors=(
            AccountAccessDenied,
            ContributionAgreementDataInvalid,
            ContributionAgreementCreationFailed,
            ContributionAmountNotPositive,
            ContributionSchemeClosed,
        ),
        auth=True,
        # An over-long scheme code names no scheme: invalid data.
        invalid=ContributionAgreementDataInvalid,
        description="Create a contribution agreement for an account.",
    )
    async def create_contribution_agreement(
        self, info: strawberry.Info[RequestContext, None], input: CreateContributionAgreementInput
    ) -> CreateContributionAgreement | None:
        command = CreateContributionAgreementCommand(
            account_number=info.context.account_number(input.account_number),
            scheme_code=input.scheme_code,
            interval=ContributionInterval(input.interval.value),
            amount=input.amount,
            active_from=input.active_from,
            active_to=input.active_to or None,
            made_by=info.context.acting.actor,
        )
        loyalty = info.context.contexts.loyalty
        agreement = await info.context.call(loyalty.create_contribution_agreement, command)
        scheme = await info.context.call(loyalty.contribution_scheme, agreement.scheme_code)
        return CreateContributionAgreement(contribution_agreement=agreement_payload(agreement, scheme))
