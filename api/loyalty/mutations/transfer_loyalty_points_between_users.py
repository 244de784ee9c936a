"""Transfer loyalty points from the viewer to another user of the account."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.loyalty.inputs import TransferLoyaltyPointsBetweenUsersInput
from api.loyalty.types import TransferLoyaltyPointsBetweenUsers
from api.mutation import kraken_mutation
from domain.loyalty import commands
from domain.loyalty.errors import (
    InsufficientLoyaltyPoints,
    LoyaltyPointsUnexpectedError,
    LoyaltyPostedAtInvalid,
    NegativeLoyaltyBalance,
    NonPositiveLoyaltyPoints,
)
from domain.shared.catalogue import AccountAccessDenied, InputInvalid, Unauthorized


@strawberry.type
class TransferLoyaltyPointsBetweenUsersMutation:
    @kraken_mutation(
        errors=(
            InsufficientLoyaltyPoints,
            NonPositiveLoyaltyPoints,
            LoyaltyPostedAtInvalid,
            NegativeLoyaltyBalance,
            LoyaltyPointsUnexpectedError,
        ),
        auth=True,
        codes={AccountAccessDenied: Unauthorized},
        # Its seed's validation codes are about the points, not a malformed input.
        invalid=InputInvalid,
        description="Transfer Loyalty Point from one account user to another.",
    )
    async def transfer_loyalty_points_between_users(
        self, info: strawberry.Info[RequestContext, None], input: TransferLoyaltyPointsBetweenUsersInput
    ) -> TransferLoyaltyPointsBetweenUsers | None:
        viewer = info.context.viewer()
        number = info.context.account_number(input.account_number)
        command = commands.TransferLoyaltyPointsBetweenUsers(
            viewer_id=viewer.id, account_number=number, receiving_user_id=input.receiving_user_id, points=input.points
        )
        transferred = await info.context.call(
            info.context.contexts.loyalty.transfer_loyalty_points_between_users, command
        )
        return TransferLoyaltyPointsBetweenUsers(points_transferred=transferred)
