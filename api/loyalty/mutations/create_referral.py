"""Refer a friend to the viewer's account by email address, personal link or code: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.loyalty.inputs import CreateReferralInput
from api.loyalty.types import CreateReferral
from api.mutation import pending_mutation
from domain.loyalty.errors import (
    ReferralAccessDenied,
    ReferralBrandMismatch,
    ReferralCreationFailed,
    ReferralReferenceNotFound,
    SelfReferralNotAllowed,
)


@strawberry.type
class CreateReferralMutation:
    create_referral = pending_mutation(
        args={"input": CreateReferralInput},
        payload=CreateReferral | None,
        errors=(
            ReferralAccessDenied,
            ReferralCreationFailed,
            SelfReferralNotAllowed,
            ReferralBrandMismatch,
            ReferralReferenceNotFound,
        ),
        auth=True,
        description="Create an account referral using an email address, personal link or code.This is for customers to refer other customers so it only works with friend referrals and not partner referrals.",
    )
