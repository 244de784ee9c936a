"""Error catalogue of the loyalty context: loyalty points, referrals, campaigns and contributions."""

from domain.shared.errors import ErrorType, KrakenError


# enrollAccountInLoyaltyProgram
class LoyaltyEnrollmentIneligible(
    KrakenError,
    code="KT-CT-9213",
    type=ErrorType.APPLICATION,
    message="ineligible loyalty points enrollment.",
    description=(
        "The account does not meet the loyalty programme's enrolment conditions, for example it is already enrolled."
    ),
):
    """Raised by enrollAccountInLoyaltyProgram when the account may not enrol."""


class LoyaltyPointsUnexpectedError(
    KrakenError,
    code="KT-CT-9210",
    type=ErrorType.APPLICATION,
    message="Unhandled Loyalty Points exception.",
    description="An unexpected error occurred in the loyalty points service while it handled the request.",
):
    """Raised when the loyalty points service fails unexpectedly.

    Raised by enrollAccountInLoyaltyProgram, redeemLoyaltyPointsForAccountCredit, transferLoyaltyPointsBetweenUsers
    and setLoyaltyPointsUser.
    """


# redeemLoyaltyPointsForAccountCredit
class LoyaltyLedgerNotFound(
    KrakenError,
    code="KT-CT-9201",
    type=ErrorType.NOT_FOUND,
    message="No Loyalty Point ledger found for the user.",
    description="The account's loyalty points user has no loyalty points ledger.",
):
    """Raised by redeemLoyaltyPointsForAccountCredit when the user has no loyalty points ledger."""


class LoyaltyAdapterNotConfigured(
    KrakenError,
    code="KT-CT-9202",
    type=ErrorType.SERVICE_AVAILABILITY,
    message="Loyalty Points adapter not configured.",
    description="Loyalty points are not configured on this deployment, so points cannot be redeemed.",
):
    """Raised by redeemLoyaltyPointsForAccountCredit when no loyalty points adapter is configured."""


class LoyaltyLedgerEmpty(
    KrakenError,
    code="KT-CT-9203",
    type=ErrorType.APPLICATION,
    message="No ledger entries for the ledger.",
    description="The loyalty points ledger has no entries, so there are no points to redeem.",
):
    """Raised by redeemLoyaltyPointsForAccountCredit when the loyalty ledger has no entries."""


class InsufficientLoyaltyPoints(
    KrakenError,
    code="KT-CT-9205",
    type=ErrorType.VALIDATION,
    message="Insufficient Loyalty Points.",
    description="The points requested are more than the balance of the loyalty points ledger.",
):
    """Raised when the points exceed the balance.

    Raised by redeemLoyaltyPointsForAccountCredit and transferLoyaltyPointsBetweenUsers.
    """


class LoyaltyPointsIndivisible(
    KrakenError,
    code="KT-CT-9206",
    type=ErrorType.VALIDATION,
    message="Indivisible points.",
    description="The points must be a whole multiple of the number of points that make up one unit of account credit.",
):
    """Raised by redeemLoyaltyPointsForAccountCredit when the points do not convert to a whole amount of credit."""


class NonPositiveLoyaltyPoints(
    KrakenError,
    code="KT-CT-9204",
    type=ErrorType.VALIDATION,
    message="Negative or zero points set.",
    description="The number of points must be a positive whole number.",
):
    """Raised when the points are zero or negative.

    Raised by redeemLoyaltyPointsForAccountCredit and transferLoyaltyPointsBetweenUsers.
    """


class LoyaltyPostedAtInvalid(
    KrakenError,
    code="KT-CT-9208",
    type=ErrorType.VALIDATION,
    message="Invalid posted at datetime.",
    description=(
        "The ledger entry would be posted at an invalid time, for example earlier than the ledger's latest entry."
    ),
):
    """Raised when the entry's posting time is invalid.

    Raised by redeemLoyaltyPointsForAccountCredit and transferLoyaltyPointsBetweenUsers.
    """


class NegativeLoyaltyBalance(
    KrakenError,
    code="KT-CT-9209",
    type=ErrorType.APPLICATION,
    message="Negative Loyalty Points balance.",
    description="The operation would leave the loyalty points ledger with a negative balance.",
):
    """Raised when the ledger balance would go negative.

    Raised by redeemLoyaltyPointsForAccountCredit and transferLoyaltyPointsBetweenUsers.
    """


# setLoyaltyPointsUser
class LoyaltyRoleAssignmentFailed(
    KrakenError,
    code="KT-CT-9214",
    type=ErrorType.APPLICATION,
    message="Couldn't assign user loyalty points role.",
    description=(
        "The loyalty points user role could not be given to the account user named, for example because the user is "
        "not on the account."
    ),
):
    """Raised by setLoyaltyPointsUser when the role cannot be assigned."""


# createReferral
class ReferralAccessDenied(
    KrakenError,
    code="KT-CT-6723",
    type=ErrorType.AUTHORIZATION,
    message="Unauthorized.",
    description="The viewer may not create or redeem referrals for the account given.",
):
    """Raised by createReferral and redeemReferralClaimCode when the viewer may not act for the account."""


class ReferralCreationFailed(
    KrakenError,
    code="KT-CT-6710",
    type=ErrorType.APPLICATION,
    message="Unable to create referral.",
    description=(
        "The referral could not be created, for example because the account was already referred or the referral "
        "scheme is closed."
    ),
):
    """Raised by createReferral when the referral cannot be created."""


class SelfReferralNotAllowed(
    KrakenError,
    code="KT-CT-6711",
    type=ErrorType.APPLICATION,
    message="Accounts may not self-refer.",
    description="The reference given belongs to the referred account itself; an account cannot refer itself.",
):
    """Raised by createReferral when the reference points back to the referred account."""


class ReferralBrandMismatch(
    KrakenError,
    code="KT-CT-6713",
    type=ErrorType.APPLICATION,
    message="Referring and referred account brands do not match.",
    description="The referring and referred accounts belong to different brands; referrals only work within one brand.",
):
    """Raised by createReferral when the two accounts' brands differ."""


class ReferralReferenceNotFound(
    KrakenError,
    code="KT-CT-6712",
    type=ErrorType.APPLICATION,
    message="Invalid reference.",
    description="The reference (email address, personal link or code) does not identify an account that can refer.",
):
    """Raised by createReferral when the reference names no referring account."""


# redeemReferralClaimCode
class ReferralClaimCodeNotFound(
    KrakenError,
    code="KT-CT-6724",
    type=ErrorType.NOT_FOUND,
    message="Referral claim code not found.",
    description="No referral scheme has the claim code given.",
):
    """Raised by redeemReferralClaimCode when the claim code is unknown."""


class ReferralClaimCodeRedemptionFailed(
    KrakenError,
    code="KT-CT-6725",
    type=ErrorType.APPLICATION,
    message="Referral claim code redeeming error.",
    description="The claim code is valid but an error occurred while redeeming it; retry later.",
):
    """Raised by redeemReferralClaimCode when redeeming the code fails."""


class ReferralClaimCodeAlreadyRedeemed(
    KrakenError,
    code="KT-CT-6726",
    type=ErrorType.VALIDATION,
    message="Referral claim code has already been redeemed.",
    description="The claim code has already been redeemed and cannot be used again.",
):
    """Raised by redeemReferralClaimCode when the claim code was already used."""


class ReferralClaimCodeUnavailable(
    KrakenError,
    code="KT-CT-6727",
    type=ErrorType.VALIDATION,
    message="Referral claim code is not available.",
    description=(
        "The claim code exists but cannot be redeemed now, for example it has expired or its scheme is not open."
    ),
):
    """Raised by redeemReferralClaimCode when the claim code is not currently redeemable."""


# addCampaignToAccount
class CampaignNotFound(
    KrakenError,
    code="KT-CT-7427",
    type=ErrorType.NOT_FOUND,
    message="No campaign found with given slug.",
    description="No campaign has the slug given.",
):
    """Raised by addCampaignToAccount when the slug names no campaign."""


# createContributionAgreement
class ContributionAgreementDataInvalid(
    KrakenError,
    code="KT-CT-9601",
    type=ErrorType.VALIDATION,
    message="Invalid data.",
    description=(
        "The contribution agreement input is invalid, for example activeTo is before activeFrom or the interval is "
        "not offered by the scheme."
    ),
):
    """Raised by createContributionAgreement when the agreement input is invalid."""


class ContributionAgreementCreationFailed(
    KrakenError,
    code="KT-CT-9602",
    type=ErrorType.APPLICATION,
    message="Unable to create contribution agreement.",
    description="The input was valid but the contribution agreement could not be created on the account.",
):
    """Raised by createContributionAgreement when the agreement cannot be created."""


class ContributionAmountNotPositive(
    KrakenError,
    code="KT-CT-9605",
    type=ErrorType.APPLICATION,
    message="Contribution amount cannot be 0 or negative.",
    description="The amount contributed per interval must be greater than zero.",
):
    """Raised by createContributionAgreement when the amount is zero or negative."""


class ContributionSchemeClosed(
    KrakenError,
    code="KT-CT-9606",
    type=ErrorType.APPLICATION,
    message="Scheme is not accepting contributions at this time.",
    description="The scheme named by schemeCode is not accepting new contributions at the moment.",
):
    """Raised by createContributionAgreement when the scheme is closed to contributions."""


# endContributionAgreement
class ContributionAgreementNotFound(
    KrakenError,
    code="KT-CT-9603",
    type=ErrorType.APPLICATION,
    message="Unable to find contribution agreement.",
    description="No contribution agreement of the account has the ID given.",
):
    """Raised by endContributionAgreement when the agreement ID names no agreement."""


class ContributionAgreementEndFailed(
    KrakenError,
    code="KT-CT-9604",
    type=ErrorType.APPLICATION,
    message="Unable to end contribution agreement.",
    description="The contribution agreement could not be ended, for example because it has already ended.",
):
    """Raised by endContributionAgreement when the agreement cannot be ended."""
