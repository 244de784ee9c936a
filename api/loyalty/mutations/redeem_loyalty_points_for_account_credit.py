"""Redeem loyalty points as credit on the account's ledger."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.loyalty.inputs import RedeemLoyaltyPointsInput
from api.loyalty.types import RedeemLoyaltyPointsForAccountCredit
from api.mutation import kraken_mutation
from domain.loyalty import commands
from domain.loyalty.errors import (
    InsufficientLoyaltyPoints,
    LoyaltyAdapterNotConfigured,
    LoyaltyLedgerEmpty,
    LoyaltyLedgerNotFound,
    LoyaltyPointsIndivisible,
    LoyaltyPointsUnexpectedError,
    LoyaltyPostedAtInvalid,
    NegativeLoyaltyBalance,
    NonPositiveLoyaltyPoints,
)
from domain.shared.catalogue import AccountAccessDenied, InputInvalid, Unauthorized


@strawberry.type
class RedeemLoyaltyPointsForAccountCreditMutation:
    @kraken_mutation(
        errors=(
            LoyaltyLedgerNotFound,
            LoyaltyAdapterNotConfigured,
            LoyaltyLedgerEmpty,
            InsufficientLoyaltyPoints,
            LoyaltyPointsIndivisible,
            NonPositiveLoyaltyPoints,
            LoyaltyPostedAtInvalid,
            NegativeLoyaltyBalance,
            LoyaltyPointsUnexpectedError,
        ),
        auth=True,
        codes={AccountAccessDenied: Unauthorized},
        # Its seed's validation codes are about the points, not a malformed input.
        invalid=InputInvalid,
        scopes=("REDEEM_LOYALTY_POINTS",),
        description="Redeem the passed number of Loyalty Points as account credit.",
    )
    async def redeem_loyalty_points_for_account_credit(
        self, info: strawberry.Info[RequestContext, None], input: RedeemLoyaltyPointsInput
    ) -> RedeemLoyaltyPointsForAccountCredit | None:
        viewer = info.context.viewer()
        number = info.context.account_number(input.account_number)
        command = commands.RedeemLoyaltyPointsForAccountCredit(
            viewer_id=viewer.id, account_number=number, points=input.points
        )
        redeemed = await info.context.call(
            info.context.contexts.loyalty.redeem_loyalty_points_for_account_credit, command
        )
        return RedeemLoyaltyPointsForAccountCredit(points_redeemed=redeemed)
