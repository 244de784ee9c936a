"""The loyalty context's mutations: declarations, and resolvers once implemented."""

from __future__ import annotations

import strawberry

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
    RedeemLoyaltyPointsForAccountCredit,
    RedeemReferralClaimCode,
    SetLoyaltyPointsUser,
    TransferLoyaltyPointsBetweenUsers,
)
from api.mutation import pending_mutation
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
from domain.shared.catalogue import AccountAccessDenied, AuthorizationHeaderMissing, FieldDisabled, Unauthorized


@strawberry.type
class LoyaltyMutations:
    add_campaign_to_account = pending_mutation(
        args={"input": AddCampaignToAccountInput},
        payload=AddCampaignToAccount | None,
        errors=(AccountAccessDenied, CampaignNotFound, FieldDisabled, Unauthorized, AuthorizationHeaderMissing),
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
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
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
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
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
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="End a contribution agreement for an account.",
    )

    enroll_account_in_loyalty_program = pending_mutation(
        args={"input": EnrollAccountInLoyaltyProgramInput},
        payload=EnrollAccountInLoyaltyProgram | None,
        errors=(
            Unauthorized,
            LoyaltyEnrollmentIneligible,
            LoyaltyPointsUnexpectedError,
            FieldDisabled,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Enroll users account in Loyalty program.",
    )

    redeem_loyalty_points_for_account_credit = pending_mutation(
        args={"input": RedeemLoyaltyPointsInput},
        payload=RedeemLoyaltyPointsForAccountCredit | None,
        errors=(
            Unauthorized,
            LoyaltyLedgerNotFound,
            LoyaltyAdapterNotConfigured,
            LoyaltyLedgerEmpty,
            InsufficientLoyaltyPoints,
            LoyaltyPointsIndivisible,
            NonPositiveLoyaltyPoints,
            LoyaltyPostedAtInvalid,
            NegativeLoyaltyBalance,
            LoyaltyPointsUnexpectedError,
            FieldDisabled,
        ),
        auth=False,
        description="Redeem the passed number of Loyalty Points as account credit.",
    )

    redeem_referral_claim_code = pending_mutation(
        args={"input": RedeemReferralClaimCodeInput},
        payload=RedeemReferralClaimCode | None,
        errors=(
            ReferralAccessDenied,
            ReferralClaimCodeNotFound,
            ReferralClaimCodeRedemptionFailed,
            ReferralClaimCodeAlreadyRedeemed,
            ReferralClaimCodeUnavailable,
            FieldDisabled,
        ),
        auth=False,
        description="Redeem the referral claim code from certain referral scheme.",
    )

    set_loyalty_points_user = pending_mutation(
        args={"input": SetLoyaltyPointsUserInput},
        payload=SetLoyaltyPointsUser | None,
        errors=(Unauthorized, LoyaltyPointsUnexpectedError, LoyaltyRoleAssignmentFailed, FieldDisabled),
        auth=False,
        description="Set the Loyalty Point user for the account.",
    )

    transfer_loyalty_points_between_users = pending_mutation(
        args={"input": TransferLoyaltyPointsBetweenUsersInput},
        payload=TransferLoyaltyPointsBetweenUsers | None,
        errors=(
            Unauthorized,
            InsufficientLoyaltyPoints,
            NonPositiveLoyaltyPoints,
            LoyaltyPostedAtInvalid,
            NegativeLoyaltyBalance,
            LoyaltyPointsUnexpectedError,
            FieldDisabled,
        ),
        auth=False,
        description="Transfer Loyalty Point from one account user to another.",
    )
