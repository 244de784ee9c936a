"""GraphQL output types (payloads, objects, enums, unions) of the loyalty context, as the Kraken wire contract names them."""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Any

import strawberry

from api.possible_errors import KrakenPayload
from api.shared.connections import Connection, window_of


@strawberry.type
class AddCampaignToAccount(KrakenPayload):
    campaign_added: bool | None = strawberry.field(
        description="Whether the campaign was successfully added.", default=None
    )


@strawberry.type
class ContributionSchemeType:
    id: strawberry.ID
    code: str
    display_name: str
    taxable: bool = strawberry.field(description="Are contributions to this scheme taxable?")
    accepting_contributions: bool = strawberry.field(description="Is this scheme currently accepting contributions?")

    @classmethod
    def of(cls, row: dict[str, Any]) -> ContributionSchemeType:
        return cls(
            id=strawberry.ID(row["code"]),
            code=row["code"],
            display_name=row["display_name"],
            taxable=row["taxable"],
            accepting_contributions=row["accepting"],
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
    amount: int | None = strawberry.field(
        description="The amount contributed per interval. Note, this is in the smallest domination that the currecy "
        "support. e.g. Pence, Cents, Yen, etc.",
        default=None,
    )
    scheme_code: strawberry.Private[str] = ""
    # The scheme as the domain had it when answering a mutation: the read side may not have caught up.
    scheme: strawberry.Private[ContributionSchemeType | None] = None

    @strawberry.field(description="The scheme to which the agreement contributes.")
    async def contribution_scheme(self, info: strawberry.Info) -> ContributionSchemeType | None:
        if self.scheme is not None:
            return self.scheme
        row = await info.context.loader(info.context.contexts.read.contributions.schemes_by_code).load(self.scheme_code)
        return ContributionSchemeType.of(row) if row is not None else None

    @strawberry.field(description="The periods over which contributions have been made.")
    async def periods(
        self,
        info: strawberry.Info,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> ContributionPeriodConnection | None:
        window = window_of(PERIODS, (int,), info.context.settings.max_page_size, first, after, last, before)
        read = info.context.contexts.read.contributions
        key = str(self.id)
        page = await info.context.loader(read.period_pages, window).load(key)

        async def counted() -> int:
            return int(await info.context.loader(read.period_counts).load(key))

        return ContributionPeriodConnection.paged(
            PERIODS, page, lambda row: ContributionPeriodType.of(self, row), ContributionPeriodEdge, counted
        )


PERIODS = "contributionPeriods"


@strawberry.type
class ContributionPeriodType:
    id: strawberry.ID
    agreement: ContributionAgreementType
    fulfilled_at: datetime.datetime | None = strawberry.field(
        description="When the contribution was fulfilled", default=None
    )
    period_from: datetime.datetime | None = strawberry.field(
        description="The datetime the marks the beginning of the period.", default=None
    )
    period_to: datetime.datetime | None = strawberry.field(
        description="The datetime the marks the end of the period.", default=None
    )

    @classmethod
    def of(cls, agreement: ContributionAgreementType, row: dict[str, Any]) -> ContributionPeriodType:
        return cls(
            id=strawberry.ID(f"{agreement.id}:{row['period_key']}"),
            agreement=agreement,
            fulfilled_at=row["fulfilled_at"],
            period_from=row["period_from"],
            period_to=row["period_to"],
        )


@strawberry.type
class ContributionPeriodEdge:
    node: ContributionPeriodType | None = strawberry.field(description="The item at the end of the edge")
    cursor: str = strawberry.field(description="A cursor for use in pagination")


@strawberry.type
class ContributionPeriodConnection(Connection):
    edges: list[ContributionPeriodEdge | None] = strawberry.field(description="Contains the nodes in this connection.")


@strawberry.type
class AccountCampaignType:
    campaign_expiry_date: datetime.date | None = strawberry.field(
        description="The date on which the associated campaign itself concludes.", default=None
    )
    name: str | None = strawberry.field(description="The name of the campaign.", default=None)
    slug: str | None = strawberry.field(description="The slug of the campaign.", default=None)
    expiry_date: datetime.date | None = strawberry.field(
        description="The date on which the account's participation in the campaign ends.", default=None
    )
    start_date: datetime.date | None = strawberry.field(
        description="The date that the account's link to the campaign started.", default=None
    )

    @classmethod
    def of(cls, row: dict[str, Any]) -> AccountCampaignType:
        return cls(
            campaign_expiry_date=row["campaign_expiry_date"],
            name=row["name"],
            slug=row["slug"],
            expiry_date=row["expiry_date"],
            start_date=row["start_date"],
        )


@strawberry.type
class CampaignType:
    name: str
    slug: str
    expiry_date: datetime.date | None = None

    @classmethod
    def of(cls, row: dict[str, Any]) -> CampaignType:
        return cls(name=row["name"], slug=row["slug"], expiry_date=row["expiry_date"])


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
