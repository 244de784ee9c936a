"""The loyalty context's mutations, one module each, merged in the wire contract's order."""

from strawberry.tools import merge_types

from api.loyalty.mutations.add_campaign_to_account import AddCampaignToAccountMutation
from api.loyalty.mutations.create_contribution_agreement import CreateContributionAgreementMutation
from api.loyalty.mutations.create_referral import CreateReferralMutation
from api.loyalty.mutations.end_contribution_agreement import EndContributionAgreementMutation
from api.loyalty.mutations.enroll_account_in_loyalty_program import EnrollAccountInLoyaltyProgramMutation
from api.loyalty.mutations.redeem_loyalty_points_for_account_credit import RedeemLoyaltyPointsForAccountCreditMutation
from api.loyalty.mutations.redeem_referral_claim_code import RedeemReferralClaimCodeMutation
from api.loyalty.mutations.set_loyalty_points_user import SetLoyaltyPointsUserMutation
from api.loyalty.mutations.transfer_loyalty_points_between_users import TransferLoyaltyPointsBetweenUsersMutation

LoyaltyMutations = merge_types(
    "LoyaltyMutations",
    (
        AddCampaignToAccountMutation,
        CreateContributionAgreementMutation,
        CreateReferralMutation,
        EndContributionAgreementMutation,
        EnrollAccountInLoyaltyProgramMutation,
        RedeemLoyaltyPointsForAccountCreditMutation,
        RedeemReferralClaimCodeMutation,
        SetLoyaltyPointsUserMutation,
        TransferLoyaltyPointsBetweenUsersMutation,
    ),
)
