"""GraphQL input types of the loyalty context, as the Kraken wire contract names them."""

from __future__ import annotations

import datetime

import strawberry

from api.bounds import ACCOUNT_NUMBER, URL, USER_ID, bounded
from api.loyalty.types import Interval

# Campaign slugs and scheme codes are at most 64 characters (domain/loyalty); an agreement id is a UUID.
SLUG = bounded(64)
SCHEME_CODE = bounded(64)
AGREEMENT_ID = bounded(64)


@strawberry.input
class AddCampaignToAccountInput:
    account_number: str = strawberry.field(description="The account number.", metadata=ACCOUNT_NUMBER)
    campaign: str = strawberry.field(description="The slug of the campaign we want to assign.", metadata=SLUG)


@strawberry.input
class CreateContributionAgreementInput:
    account_number: str = strawberry.field(description="The account number.", metadata=ACCOUNT_NUMBER)
    scheme_code: str = strawberry.field(description="The code of the scheme to contribute to.", metadata=SCHEME_CODE)
    interval: Interval = strawberry.field(description="The frequency of contributions.")
    amount: int = strawberry.field(description="The amount contributed per interval.")
    active_from: datetime.datetime = strawberry.field(description="The start datetime of the agreement.")
    active_to: datetime.datetime | None = strawberry.field(
        description="The end datetime of the agreement, if any.", default=strawberry.UNSET
    )


@strawberry.input(description="Required information for creating a referral")
class CreateReferralInput:
    account_number: str = strawberry.field(
        description="The account number for the referred account.", metadata=ACCOUNT_NUMBER
    )
    # The longest reference is a personal link, a URL.
    reference: str = strawberry.field(
        description="An email address, link or code, referencing the referring account.", metadata=URL
    )


@strawberry.input
class EndContributionAgreementInput:
    contribution_agreement_id: strawberry.ID = strawberry.field(
        description="The ID of the Contribution Agreement to end.", metadata=AGREEMENT_ID
    )
    end_at: datetime.datetime | None = strawberry.field(
        description="The future end datetime of the agreement.", default=strawberry.UNSET
    )


@strawberry.input(
    description="The input type for enrolling an account in loyalty program. (enrollAccountInLoyaltyProgram: mutation field not included, see header.)"
)
class EnrollAccountInLoyaltyProgramInput:
    account_number: str = strawberry.field(description="The account number to enroll.", metadata=ACCOUNT_NUMBER)
    account_user_id: strawberry.ID | None = strawberry.field(
        description="The account user id to enroll.", default=strawberry.UNSET, metadata=USER_ID
    )


@strawberry.input(description="The input type for redeeming Loyalty Points.")
class RedeemLoyaltyPointsInput:
    account_number: str = strawberry.field(description="The account number.", metadata=ACCOUNT_NUMBER)
    points: int = strawberry.field(description="The number of Loyalty Points to redeem.")


@strawberry.input(description="Required payload to redeem the benefit for partner reward referral scheme")
class RedeemReferralClaimCodeInput:
    account_number: str = strawberry.field(
        description="The account number for the referred account.", metadata=ACCOUNT_NUMBER
    )
    # Claim codes are fourteen characters; room for spaces a voucher's reader types around them.
    code: str = strawberry.field(description="Referral scheme claim code value.", metadata=bounded(64))


@strawberry.input(description="The input type for setting the Loyalty Points user.")
class SetLoyaltyPointsUserInput:
    account_number: str = strawberry.field(description="The account number.", metadata=ACCOUNT_NUMBER)
    new_loyalty_points_user_id: str = strawberry.field(
        description="The account user receiving the points.", metadata=USER_ID
    )


@strawberry.input(description="The input type for transferring Loyalty Points.")
class TransferLoyaltyPointsBetweenUsersInput:
    account_number: str = strawberry.field(description="The account number.", metadata=ACCOUNT_NUMBER)
    receiving_user_id: str = strawberry.field(description="The account user receiving the points.", metadata=USER_ID)
    points: int = strawberry.field(description="The number of Loyalty Points to transfer.")
