"""The referral read side, in Kraken GB's names and shapes: an account's referrals made
(`account { referrals referralsCreated }`), the rewards applied to it (`rewards`), the friend scheme
it can refer under with its personal link (`activeReferralSchemes`), and `validateReferralClaimCode`.

A referral's payment status is the domain's: Pending until its rewards fall due and are paid (the
payments context credits them from the same event), then Paid. A referral shows the referred
customer's given name only, as Kraken does for the referrer's (its family name is withheld for privacy).
"""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Annotated, Any
from urllib.parse import urlsplit

import strawberry

from api.context import RequestContext
from api.shared.connections import Connection, window_of
from domain.loyalty.claim_code import CLAIM_CODE_LENGTH, normalise_claim_code
from domain.loyalty.referral_schemes import Scheme, SchemeType

REFERRALS = "referrals"


@strawberry.enum
class ReferralSchemeTypeChoices(Enum):
    REFERRAL_REWARD = "REFERRAL_REWARD"
    SIGNUP_REWARD = "SIGNUP_REWARD"
    PARTNER_REWARD = "PARTNER_REWARD"
    PROMO_REWARD = "PROMO_REWARD"
    LEGACY_REFERRAL = "LEGACY_REFERRAL"


@strawberry.enum
class ReferralStatusChoices(Enum):
    Pending = "Pending"
    Paid = "Paid"
    Cancelled = "Cancelled"


def _paid_on(row: dict[str, Any]) -> datetime.date | None:
    return datetime.datetime.fromisoformat(row["paid_at"]).date() if row["paid_at"] else None


@strawberry.type
class ReferralType:
    id: strawberry.ID
    payment_date: datetime.date | None = None
    scheme_type: ReferralSchemeTypeChoices | None = strawberry.field(
        description="The type of reward scheme.", default=None
    )
    referred_user_name: str | None = None
    payment_status: str | None = None
    referred_user_join_date: datetime.datetime | None = None
    code: str | None = None
    referred_user_payment_amount: int | None = strawberry.field(
        description="Payment amount given to the referred account in pence.", default=None
    )
    referring_user_payment_amount: int | None = strawberry.field(
        description="Payment amount given to the referring account in pence.", default=None
    )
    combined_payment_amount: int | None = strawberry.field(
        description="The payment amount in pence received by the referrer and the referee combined.", default=None
    )

    @classmethod
    def of(cls, row: dict[str, Any], referred_name: str | None, joined: datetime.datetime | None) -> ReferralType:
        return cls(
            id=strawberry.ID(row["referral_id"]),
            payment_date=_paid_on(row),
            scheme_type=ReferralSchemeTypeChoices(row["scheme_type"]),
            referred_user_name=referred_name,
            payment_status=row["status"],
            referred_user_join_date=joined,
            code=row["reference"],
            referred_user_payment_amount=row["referred_reward"],
            referring_user_payment_amount=row["referrer_reward"],
            combined_payment_amount=row["referred_reward"] + row["referrer_reward"],
        )


@strawberry.type(name="ReferralConnectionTypeEdge")
class ReferralEdge:
    node: ReferralType | None = strawberry.field(description="The item at the end of the edge")
    cursor: str = strawberry.field(description="A cursor for use in pagination")


@strawberry.type(name="ReferralConnectionTypeConnection")
class ReferralConnection(Connection):
    edges: list[ReferralEdge | None] = strawberry.field(description="Contains the nodes in this connection.")


@strawberry.type
class RewardType:
    id: strawberry.ID
    payment_date: datetime.date | None = None
    scheme_type: ReferralSchemeTypeChoices | None = strawberry.field(
        description="The type of reward scheme.", default=None
    )
    reward_amount: int | None = strawberry.field(
        description="Reward amount given to the account in pence.", default=None
    )
    payment_status: ReferralStatusChoices | None = strawberry.field(
        description="The status of the reward payment.", default=None
    )


@strawberry.type
class ReferralSchemeType:
    referral_url: str | None = strawberry.field(
        description="A fully qualified url give people to create accounts referred by this scheme.", default=None
    )
    referral_display_url: str | None = strawberry.field(
        description="A referral url for display purposes.", default=None
    )
    referrer_reward_amount: int | None = strawberry.field(
        description="The reward amount received by the referrer.", default=None
    )
    referred_reward_amount: int | None = strawberry.field(
        description="The reward amount received by the referred party.", default=None
    )
    combined_reward_amount: int | None = strawberry.field(
        description="The reward amount received by the referrer and the referee combined.", default=None
    )
    loyalty_points_bonus: int | None = strawberry.field(
        description="The number of loyalty points to be awarded to the referrer in addition to the reward amount.",
        default=None,
    )
    can_be_referred: bool | None = strawberry.field(
        description="Whether the current account is eligible to be referred under this scheme.", default=None
    )
    code: str | None = strawberry.field(description="The unique code for the scheme.", default=None)
    referrer_given_name: str | None = strawberry.field(
        description="The given name of the person making the referral.", default=None
    )
    scheme_type: str | None = strawberry.field(description="Scheme type of the referral scheme.", default=None)

    @classmethod
    def of(cls, scheme: Scheme, **rest: Any) -> ReferralSchemeType:
        return cls(
            referrer_reward_amount=scheme.referrer_reward,
            referred_reward_amount=scheme.referred_reward,
            combined_reward_amount=scheme.referrer_reward + scheme.referred_reward,
            loyalty_points_bonus=scheme.points_bonus,
            scheme_type=scheme.scheme_type.value,
            **rest,
        )


@strawberry.type
class ReferralSchemeTypes:
    domestic: ReferralSchemeType | None = None


@strawberry.type
class ReferralClaimCodeType:
    id: int | None = strawberry.field(description="Id of claim code instance.", default=None)
    value: str | None = strawberry.field(description="Value of claim code.", default=None)
    referral_scheme: ReferralSchemeType | None = strawberry.field(
        description="Referral scheme claim code belongs to.", default=None
    )
    account_referral: ReferralType | None = strawberry.field(
        description="Account referral associated with the claim code.", default=None
    )
    created_at: datetime.datetime | None = strawberry.field(
        description="Datetime when claim code was generated.", default=None
    )


def scheme_of(row: dict[str, Any]) -> Scheme:
    """A catalogue row as the domain's scheme, whose own rule says whether it is open."""
    return Scheme(
        code=row["code"],
        scheme_type=SchemeType(row["scheme_type"]),
        referrer_reward=row["referrer_reward"],
        referred_reward=row["referred_reward"],
        points_bonus=row["points_bonus"],
        brand=row["brand"],
        starts_at=datetime.datetime.fromisoformat(row["starts_at"]),
        ends_at=datetime.datetime.fromisoformat(row["ends_at"]) if row["ends_at"] else None,
    )


async def _given_names(info: strawberry.Info, numbers: list[str]) -> list[str | None]:
    read = info.context.contexts.read
    users = await info.context.loader(read.account_users.users_of_accounts).load_many(numbers)
    return [listed[0]["given_name"] if listed else None for listed in users]


async def _nodes(info: strawberry.Info, rows: list[dict[str, Any]]) -> list[ReferralType]:
    """The referrals with their referred customers' given names and join dates, one statement each."""
    numbers = [row["referred_account"] for row in rows]
    names = await _given_names(info, numbers)
    accounts = await info.context.loader(info.context.contexts.read.accounts.accounts).load_many(numbers)
    joined = [datetime.datetime.fromisoformat(a["opened_at"]) if a else None for a in accounts]
    return [ReferralType.of(row, name, when) for row, name, when in zip(rows, names, joined, strict=True)]


async def referrals_of_account(
    info: strawberry.Info, number: str, before: str | None, after: str | None, first: int | None, last: int | None
) -> ReferralConnection:
    """The referrals the account made, newest first."""
    window = window_of(REFERRALS, (str, str), info.context.settings.max_page_size, first, after, last, before)
    referrals = info.context.contexts.read.referrals
    page = await info.context.loader(referrals.pages, window).load(number)
    nodes = {row["referral_id"]: node for row, node in zip(page.rows, await _nodes(info, page.rows), strict=True)}

    async def counted() -> int:
        return int(await info.context.loader(referrals.counts).load(number))

    return ReferralConnection.paged(REFERRALS, page, lambda row: nodes[row["referral_id"]], ReferralEdge, counted)


async def referrals_created(info: strawberry.Info, number: str) -> int:
    return int(await info.context.loader(info.context.contexts.read.referrals.counts).load(number))


async def rewards_of_account(info: strawberry.Info, number: str) -> list[RewardType | None]:
    """The account's reward from each referral that rewards it, as referrer or as referred, oldest first."""
    rows = await info.context.loader(info.context.contexts.read.referrals.rewarded).load(number)
    return [
        RewardType(
            id=strawberry.ID(f"{row['referral_id']}:{'referred' if row['referred_account'] == number else 'referrer'}"),
            payment_date=_paid_on(row),
            scheme_type=ReferralSchemeTypeChoices(row["scheme_type"]),
            reward_amount=row["referred_reward"] if row["referred_account"] == number else row["referrer_reward"],
            payment_status=ReferralStatusChoices(row["status"]),
        )
        for row in rows
    ]


async def active_referral_schemes(info: strawberry.Info, number: str) -> ReferralSchemeTypes | None:
    """The friend scheme of the account's brand open now, with the account's personal link; none if closed."""
    read = info.context.contexts.read
    brand = await info.context.loader(read.account_brands.brands).load(number)
    if brand is None:
        return None
    loyalty = info.context.contexts.loyalty
    now = loyalty.clock.now()
    schemes = [scheme_of(row) for row in await info.context.loader(read.referrals.schemes_of_brands).load(brand)]
    open_now = [s for s in schemes if s.scheme_type is SchemeType.REFERRAL_REWARD and s.is_open(now)]
    if not open_now:
        return ReferralSchemeTypes(domestic=None)
    scheme = max(open_now, key=lambda s: (s.starts_at, s.code))
    code = await info.context.loader(read.referrals.codes).load(number)
    referred = await info.context.loader(read.referrals.referred).load(number)
    [given_name] = await _given_names(info, [number])
    url = loyalty.referral_link(code) if code else None
    display = None
    if url:
        parts = urlsplit(url)
        display = f"{parts.netloc}{parts.path}"
    return ReferralSchemeTypes(
        domestic=ReferralSchemeType.of(
            scheme,
            referral_url=url,
            referral_display_url=display,
            can_be_referred=not referred,
            code=code,
            referrer_given_name=given_name,
        )
    )


@strawberry.type
class ReferralQueries:
    @strawberry.field(description="Validate referral claim code.")
    async def validate_referral_claim_code(
        self,
        info: strawberry.Info[RequestContext, None],
        value: Annotated[str, strawberry.argument(description="Referral claim code value.")],
    ) -> ReferralClaimCodeType | None:
        viewer = await info.context.reader()
        loyalty = info.context.contexts.loyalty
        # Telling whether a code exists is worth as much to a guesser as redeeming it: rate-limited alike.
        await info.context.call(loyalty.count_claim_code_lookup, viewer.id)
        code = normalise_claim_code(value)
        if len(code) > CLAIM_CODE_LENGTH:
            return None
        read = info.context.contexts.read
        row = await info.context.loader(read.referrals.claim_codes).load(code)
        if row is None:
            return None
        scheme_row = await info.context.loader(read.referrals.schemes_by_code).load(row["scheme_code"])
        referral = None
        # The referral is shown to the account that redeemed the code only.
        if row["referral_id"] and viewer.belongs_to(row["redeemed_by"]):
            found = await info.context.loader(read.referrals.referrals).load(row["referral_id"])
            referral = (await _nodes(info, [found]))[0] if found else None
        return ReferralClaimCodeType(
            id=row["number"],
            value=row["value"],
            referral_scheme=ReferralSchemeType.of(scheme_of(scheme_row)) if scheme_row else None,
            account_referral=referral,
            created_at=datetime.datetime.fromisoformat(row["issued_at"]),
        )
