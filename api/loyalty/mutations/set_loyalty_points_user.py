"""Make another account user the one who holds the account's loyalty points."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.loyalty.inputs import SetLoyaltyPointsUserInput
from api.loyalty.types import SetLoyaltyPointsUser
from api.mutation import kraken_mutation
from domain.loyalty import commands
from domain.loyalty.errors import LoyaltyPointsUnexpectedError, LoyaltyRoleAssignmentFailed
from domain.shared.catalogue import AccountAccessDenied, InputInvalid, Unauthorized


@strawberry.type
class SetLoyaltyPointsUserMutation:
    @kraken_mutation(
        errors=(LoyaltyPointsUnexpectedError, LoyaltyRoleAssignmentFailed),
        auth=True,
        codes={AccountAccessDenied: Unauthorized},
        # The seed lists no validation code for it: Kraken's generic one.
        invalid=InputInvalid,
        description="Set the Loyalty Point user for the account.",
    )
    async def set_loyalty_points_user(
        self, info: strawberry.Info[RequestContext, None], input: SetLoyaltyPointsUserInput
    ) -> SetLoyaltyPointsUser | None:
        number = info.context.account_number(input.account_number)
        command = commands.SetLoyaltyPointsUser(
            account_number=number, new_loyalty_points_user_id=input.new_loyalty_points_user_id
        )
        user_id = await info.context.call(info.context.contexts.loyalty.set_loyalty_points_user, command)
        return SetLoyaltyPointsUser(new_loyalty_points_user_id=str(user_id))
