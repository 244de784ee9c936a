"""The loyalty context's mutations: declarations, and resolvers once implemented."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.loyalty.inputs import (
    AddCampaignToAccountInput,
    CreateContributionAgreementInput,
    CreateReferralInput,
    EndContributionAgreementInput,
    EnrollAccountInLoyaltyProgramInput,
    RedeemLoyaltyPointsInput,
    RedeemReferralClaimCodeInput,
    SetLoyaltyPointsUserInput,
    TransferLoyaltyPointsBetweenUsersInput,
)
from api.loyalty.types import (
    AddCampaignToAccount,
    CreateContributionAgreement,
    CreateReferral,
    EndContributionAgreement,
    EnrollAccountInLoyaltyProgram,
    EnrollAccountInLoyaltyProgramOutcome,
    RedeemLoyaltyPointsForAccountCredit,
    RedeemReferralClaimCode,
    SetLoyaltyPointsUser,
    TransferLoyaltyPointsBetweenUsers,
)
from api.mutation import kraken_mutation, pending_mutation
from domain.loyalty import commands
from domain.loyalty.errors import (
    CampaignNotFound,
    ContributionAgreementCreationFailed,
    ContributionAgreementDataInvalid,
    ContributionAgreementEndFailed,
    ContributionAgreementNotFound,
    ContributionAmountNotPositive,
    ContributionSchemeClosed,
    InsufficientLoyaltyPoints,
    LoyaltyAdapterNotConfigured,
    LoyaltyEnrollmentIneligible,
    LoyaltyLedgerEmpty,
    LoyaltyLedgerNotFound,
    LoyaltyPointsIndivisible,
    LoyaltyPointsUnexpectedError,
    LoyaltyPostedAtInvalid,
    LoyaltyRoleAssignmentFailed,
    NegativeLoyaltyBalance,
    NonPositiveLoyaltyPoints,
    ReferralAccessDenied,
    ReferralBrandMismatch,
    ReferralClaimCodeAlreadyRedeemed,
    ReferralClaimCodeNotFound,
    ReferralClaimCodeRedemptionFailed,
    ReferralClaimCodeUnavailable,
    ReferralCreationFailed,
    ReferralReferenceNotFound,
    SelfReferralNotAllowed,
)
from domain.shared.catalogue import (
    AccountAccessDenied,
    InputInvalid,
    Unauthorized,
)


@strawberry.type
class LoyaltyMutations:
    add_campaign_to_account = pending_mutation(
        args={"input": AddCampaignToAccountInput},
        payload=AddCampaignToAccount | None,
        errors=(AccountAccessDenied, CampaignNotFound),
        auth=True,
    )

    create_contribution_agreement = pending_mutation(
        args={"input": CreateContributionAgreementInput},
        payload=CreateContributionAgreement | None,
        errors=(
            AccountAccessDenied,
            ContributionAgreementDataInvalid,
            ContributionAgreementCreationFailed,
            ContributionAmountNotPositive,
            ContributionSchemeClosed,
        ),
        auth=True,
        description="Create a contribution agreement for an account.",
    )

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

    end_contribution_agreement = pending_mutation(
        args={"input": EndContributionAgreementInput},
        payload=EndContributionAgreement | None,
        errors=(
            ContributionAgreementNotFound,
            AccountAccessDenied,
            ContributionAgreementEndFailed,
        ),
        auth=True,
        description="End a contribution agreement for an account.",
    )

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
