"""Loyalty commands: one per mutation, named after it, plus the operators' award and reversal.

User ids that a client types in stay strings here: a malformed one names nobody on the account,
which each mutation answers with its own refusal code.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec


class EnrollAccountInLoyaltyProgram(msgspec.Struct, frozen=True, kw_only=True):
    """Enrols the account; its loyalty points user is `account_user_id`, or the viewer when not given."""

    viewer_id: UUID
    account_number: str
    account_user_id: str | None = None


class RedeemLoyaltyPointsForAccountCredit(msgspec.Struct, frozen=True, kw_only=True):
    """Redeems points of the viewer's ledger as credit on the account."""

    viewer_id: UUID
    account_number: str
    points: int


class TransferLoyaltyPointsBetweenUsers(msgspec.Struct, frozen=True, kw_only=True):
    """Moves points from the viewer's ledger to the ledger of another user of the account."""

    viewer_id: UUID
    account_number: str
    receiving_user_id: str
    points: int


class SetLoyaltyPointsUser(msgspec.Struct, frozen=True, kw_only=True):
    """Names the account user whose ledger collects the enrolled account's points from now on."""

    account_number: str
    new_loyalty_points_user_id: str


class AwardPoints(msgspec.Struct, frozen=True, kw_only=True):
    """Not a Kraken mutation: operators (and campaigns) credit points to a user's ledger."""

    user_id: UUID
    account_number: str
    points: int
    reason_code: str


class ReverseAward(msgspec.Struct, frozen=True, kw_only=True):
    """Not a Kraken mutation: operators claw back points awarded in error or fraudulently."""

    user_id: UUID
    points: int
    reason_code: str


# Referrals and claim codes -----------------------------------------------------------------------


class CreateReferral(msgspec.Struct, frozen=True, kw_only=True):
    """The referred account names its referrer by email address, personal link or personal code."""

    account_number: str
    reference: str


class RedeemReferralClaimCode(msgspec.Struct, frozen=True, kw_only=True):
    """Redeems a partner scheme's claim code on the account; `user_id` is who redeems (rate-limited)."""

    account_number: str
    code: str
    user_id: UUID


class AddReferralScheme(msgspec.Struct, frozen=True, kw_only=True):
    """Not a Kraken mutation: operators add a scheme to the catalogue."""

    code: str
    scheme_type: str
    referrer_reward: int
    referred_reward: int
    points_bonus: int = 0
    brand: str
    starts_at: datetime | None = None
    ends_at: datetime | None = None


class EndReferralScheme(msgspec.Struct, frozen=True, kw_only=True):
    """Not a Kraken mutation: operators close a scheme to new referrals, now or at `at`."""

    code: str
    at: datetime | None = None


class IssueClaimCodes(msgspec.Struct, frozen=True, kw_only=True):
    """Not a Kraken mutation: operators issue a partner scheme's claim codes."""

    scheme_code: str
    count: int
