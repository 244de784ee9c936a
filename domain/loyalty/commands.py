"""Loyalty commands: one per mutation, named after it, plus the operators' award and reversal.

User ids that a client types in stay strings here: a malformed one names nobody on the account,
which each mutation answers with its own refusal code.
"""

from __future__ import annotations

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
