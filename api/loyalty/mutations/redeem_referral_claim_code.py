"""Redeem a referral scheme's claim code: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.loyalty.inputs import RedeemReferralClaimCodeInput
from api.loyalty.types import RedeemReferralClaimCode
from api.mutation import pending_mutation
from domain.loyalty.errors import (
    ReferralAccessDenied,
    ReferralClaimCodeAlreadyRedeemed,
    ReferralClaimCodeNotFound,
    ReferralClaimCodeRedemptionFailed,
    ReferralClaimCodeUnavailable,
)


@strawberry.type
class RedeemReferralClaimCodeMutation:
    redeem_referral_claim_code = pending_mutation(
        args={"input": RedeemReferralClaimCodeInput},
        payload=RedeemReferralClaimCode | None,
        errors=(
            ReferralAccessDenied,
            ReferralClaimCodeNotFound,
            ReferralClaimCodeRedemptionFailed,
            ReferralClaimCodeAlreadyRedeemed,
            ReferralClaimCodeUnavailable,
        ),
        auth=False,
        description="Redeem the referral claim code from certain referral scheme.",
    )
