"""Enroll an account in the loyalty programme, with the viewer or a named user as its points user."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.loyalty.inputs import EnrollAccountInLoyaltyProgramInput
from api.loyalty.types import EnrollAccountInLoyaltyProgram, EnrollAccountInLoyaltyProgramOutcome
from api.mutation import kraken_mutation
from domain.loyalty import commands
from domain.loyalty.errors import LoyaltyEnrollmentIneligible, LoyaltyPointsUnexpectedError
from domain.shared.catalogue import AccountAccessDenied, InputInvalid, Unauthorized


@strawberry.type
class EnrollAccountInLoyaltyProgramMutation:
    @kraken_mutation(
        errors=(
            LoyaltyEnrollmentIneligible,
            LoyaltyPointsUnexpectedError,
        ),
        auth=True,
        codes={AccountAccessDenied: Unauthorized},
        # The seed lists no validation code for it: Kraken's generic one.
        invalid=InputInvalid,
        description="Enroll users account in Loyalty program.",
    )
    async def enroll_account_in_loyalty_program(
        self, info: strawberry.Info[RequestContext, None], input: EnrollAccountInLoyaltyProgramInput
    ) -> EnrollAccountInLoyaltyProgram | None:
        viewer = info.context.viewer()
        number = info.context.account_number(input.account_number)
        command = commands.EnrollAccountInLoyaltyProgram(
            viewer_id=viewer.id, account_number=number, account_user_id=input.account_user_id or None
        )
        enrolled = await info.context.call(info.context.contexts.loyalty.enroll_account_in_loyalty_program, command)
        return EnrollAccountInLoyaltyProgram(outcome=EnrollAccountInLoyaltyProgramOutcome(has_enrolled=enrolled))
