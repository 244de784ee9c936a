"""GraphQL output types (payloads, objects, enums, unions) of the loyalty context, as the Kraken wire contract names them."""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Any

import strawberry

from api.possible_errors import KrakenPayload


@strawberry.type
class AddCampaignToAccount(KrakenPayload):
    campaign_added: bool | None = strawberry.field(
        description="Whether the campaign was successfully added.", default=None
    )


@strawberry.type
class ContributionAgreementType:
    id: strawberry.ID
    interval: Interval | None = strawberry.field(description="The frequency of contributions.", default=None)
    active_from: datetime.datetime | None = strawberry.field(
        description="The start datetime of the agreement.", default=None
    )
    active_to: datetime.datetime | None = strawberry.field(
        description="The end datetime of the agreement, if any.", default=None
    )
    amount: int | None = strawberry.field(description="The amount contributed per interval.", default=None)


@strawberry.type
class CreateContributionAgreement(KrakenPayload):
    contribution_agreement: ContributionAgreementType | None = strawberry.field(
        description="The created contribution agreement.", default=None
    )


@strawberry.type
class CreateReferral(KrakenPayload):
    referred_account_reward_amount: int | None = strawberry.field(
        description="The reward amount to be issued to the referred account, in smallest currency subunits.",
        default=None,
    )


@strawberry.type
class EndContributionAgreement(KrakenPayload):
    contribution_agreement: ContributionAgreementType | None = strawberry.field(
        description="The created contribution agreement.", default=None
    )


@strawberry.type
class EnrollAccountInLoyaltyProgram(KrakenPayload):
    outcome: EnrollAccountInLoyaltyProgramOutcome | None = strawberry.field(
        description="Outcome of the loyalty points campaign enrollment.", default=None
    )


@strawberry.type(description="Outcome of a loyalty points campaign enrollment.")
class EnrollAccountInLoyaltyProgramOutcome:
    has_enrolled: bool | None = strawberry.field(
        description="Whether or not this account has been enrolled in the loyalty points campaign.", default=None
    )


@strawberry.enum
class Interval(Enum):
    MONTHLY = "MONTHLY"
    QUARTERLY = "QUARTERLY"


@strawberry.type
class RedeemLoyaltyPointsForAccountCredit(KrakenPayload):
    points_redeemed: int | None = strawberry.field(
        description="The number of OctoPoints that were redeemed.", default=None
    )


@strawberry.type
class RedeemReferralClaimCode(KrakenPayload):
    success: bool


@strawberry.type
class SetLoyaltyPointsUser(KrakenPayload):
    new_loyalty_points_user_id: str | None = strawberry.field(
        description="ID of the new Loyalty Points user.", default=None
    )


@strawberry.type
class TransferLoyaltyPointsBetweenUsers(KrakenPayload):
    points_transferred: int | None = strawberry.field(
        description="The number of OctoPoints that were transferred.", default=None
    )


@strawberry.type
class LoyaltyPointLedgerEntryType:
    id: strawberry.ID
    ledger_type: str | None = strawberry.field(
        description="The `LedgerEntryType`. Either CHARGE or CREDIT.", default=None
    )
    value: str | None = strawberry.field(description="The value of the charge or credit.", default=None)
    balance_brought_forward: str | None = strawberry.field(
        description="Equal to the `balance_carried_forward` from the previous ledger entry or zero if this is the first one.",
        default=None,
    )
    balance_carried_forward: str | None = strawberry.field(
        description="Equal to the `balance_brought_forward` plus or minus the value depending on the ledger_type.",
        default=None,
    )
    reason_code: str | None = strawberry.field(description="The reason the entry was being added.", default=None)
    posted_at: datetime.datetime | None = strawberry.field(
        description="The date the points were added to the ledger.", default=None
    )
    account_number: str | None = strawberry.field(
        description="The account number associated with the entry.", default=None
    )

    @classmethod
    def of(cls, entry: dict[str, Any]) -> LoyaltyPointLedgerEntryType:
        # Kraken serialises point values as strings.
        return cls(
            id=strawberry.ID(f"{entry['ledger_id']}:{entry['version']}"),
            ledger_type=entry["ledger_type"],
            value=str(entry["value"]),
            balance_brought_forward=str(entry["balance_brought_forward"]),
            balance_carried_forward=str(entry["balance_carried_forward"]),
            reason_code=entry["reason_code"],
            posted_at=datetime.datetime.fromisoformat(entry["posted_at"]),
            account_number=entry["account_number"],
        )
