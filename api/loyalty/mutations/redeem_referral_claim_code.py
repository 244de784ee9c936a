"""Redeem a partner scheme's claim code on the viewer's account: its reward is credited through payments."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.loyalty.inputs import RedeemReferralClaimCodeInput
from api.loyalty.types import RedeemReferralClaimCode
from api.mutation import kraken_mutation
from domain.loyalty import commands
from domain.loyalty.errors import (
    ReferralAccessDenied,
    ReferralClaimCodeAlreadyRedeemed,
    ReferralClaimCodeNotFound,
    ReferralClaimCodeRedemptionFailed,
    ReferralClaimCodeUnavailable,
)
from domain.shared.catalogue import AccountAccessDenied, TooManyRequests


@strawberry.type
class RedeemReferralClaimCodeMutation:
    @kraken_mutation(
        errors=(
            ReferralAccessDenied,
            ReferralClaimCodeNotFound,
            ReferralClaimCodeRedemptionFailed,
            ReferralClaimCodeAlreadyRedeemed,
            ReferralClaimCodeUnavailable,
            # Kraken limits redemptions to 5 a minute per user.
            TooManyRequests,
        ),
        # The seed lists no authorization code, but the code is redeemed on an account: a viewer is needed.
        auth=True,
        codes={AccountAccessDenied: ReferralAccessDenied},
        # An over-long code is no claim code.
        invalid=ReferralClaimCodeNotFound,
        description="Redeem the referral claim code from certain referral scheme.",
    )
    async def redeem_referral_claim_code(
        self, info: strawberry.Info[RequestContext, None], input: RedeemReferralClaimCodeInput
    ) -> RedeemReferralClaimCode | None:
        viewer = info.context.viewer()
        command = commands.RedeemReferralClaimCode(
            account_number=info.context.account_number(input.account_number), code=input.code, user_id=viewer.id
        )
        success = await info.context.call(info.context.contexts.loyalty.redeem_referral_claim_code, command)
        return RedeemReferralClaimCode(success=success)
