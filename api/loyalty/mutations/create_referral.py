"""Refer the viewer's account by its referrer's email address, personal link or personal code."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.loyalty.inputs import CreateReferralInput
from api.loyalty.types import CreateReferral
from api.mutation import kraken_mutation
from domain.loyalty import commands
from domain.loyalty.errors import (
    ReferralAccessDenied,
    ReferralBrandMismatch,
    ReferralCreationFailed,
    ReferralReferenceNotFound,
    SelfReferralNotAllowed,
)
from domain.shared.catalogue import AccountAccessDenied, TooManyRequests


@strawberry.type
class CreateReferralMutation:
    @kraken_mutation(
        errors=(
            ReferralAccessDenied,
            ReferralCreationFailed,
            SelfReferralNotAllowed,
            ReferralBrandMismatch,
            ReferralReferenceNotFound,
            # Guessing email addresses or codes is limited (ten unknown references an hour per account).
            TooManyRequests,
        ),
        auth=True,
        codes={AccountAccessDenied: ReferralAccessDenied},
        # An over-long reference names no account.
        invalid=ReferralReferenceNotFound,
        description="Create an account referral using an email address, personal link or code.This is for customers to refer other customers so it only works with friend referrals and not partner referrals.",
    )
    async def create_referral(
        self, info: strawberry.Info[RequestContext, None], input: CreateReferralInput
    ) -> CreateReferral | None:
        command = commands.CreateReferral(
            account_number=info.context.account_number(input.account_number), reference=input.reference
        )
        reward = await info.context.call(info.context.contexts.loyalty.create_referral, command)
        return CreateReferral(referred_account_reward_amount=reward)
