"""The LoyaltyLedger aggregate: the loyalty points of one account user, entry by entry."""

from __future__ import annotations

import enum
from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

import msgspec
from eventsourcing.domain import Aggregate, event

from domain.loyalty.errors import (
    InsufficientLoyaltyPoints,
    LoyaltyLedgerEmpty,
    LoyaltyPointsIndivisible,
    LoyaltyPostedAtInvalid,
    NegativeLoyaltyBalance,
    NonPositiveLoyaltyPoints,
)

LOYALTY = uuid5(NAMESPACE_URL, "https://kraken-es/loyalty/")

# Reason codes of the entries that user actions post; operators' awards carry their own.
REDEEMED_FOR_ACCOUNT_CREDIT = "REDEEMED_FOR_ACCOUNT_CREDIT"
TRANSFERRED_TO_USER = "TRANSFERRED_TO_USER"
TRANSFERRED_FROM_USER = "TRANSFERRED_FROM_USER"


class LedgerType(enum.StrEnum):
    """Kraken's `ledgerType` of a loyalty points entry."""

    CREDIT = "CREDIT"
    CHARGE = "CHARGE"


class LedgerEntry(msgspec.Struct, frozen=True, kw_only=True):
    """One line of the ledger, in the shape of Kraken's LoyaltyPointLedgerEntryType."""

    ledger_type: LedgerType
    value: int
    balance_brought_forward: int
    balance_carried_forward: int
    reason_code: str
    posted_at: datetime
    account_number: str | None


class LoyaltyLedger(Aggregate):
    """Lives at an id derived from its user's id, so a user can never have two ledgers."""

    @staticmethod
    def id_for(user_id: UUID) -> UUID:
        return uuid5(LOYALTY, f"ledger:{user_id}")

    @classmethod
    def open(cls, user_id: UUID, account_number: str, opened_at: datetime) -> LoyaltyLedger:
        return cls._create(
            cls.Opened,
            id=cls.id_for(user_id),
            user_id=user_id,
            account_number=account_number,
            opened_at=opened_at,
        )

    class Opened(Aggregate.Created):
        user_id: UUID
        account_number: str
        opened_at: datetime

    @event(Opened)
    def __init__(self, user_id: UUID, account_number: str, opened_at: datetime) -> None:
        self.user_id = user_id
        self.account_number = account_number
        self.opened_at = opened_at
        self.balance = 0
        # Only what the rules need: the history itself lives in the events and the read model,
        # so loading or copying a long-lived ledger costs the same as a new one.
        self.last_entry: LedgerEntry | None = None
        self.entry_count = 0

    @property
    def last_posted_at(self) -> datetime | None:
        return self.last_entry.posted_at if self.last_entry else None

    # Rules ---------------------------------------------------------------------------------------

    @staticmethod
    def check_points(points: int) -> None:
        if points <= 0:
            raise NonPositiveLoyaltyPoints(f"{points} is not a positive number of points.")

    def _check_in_time_order(self, at: datetime) -> None:
        # Two API processes with skewed clocks could otherwise post entries out of order, and
        # each entry's brought-forward balance would no longer follow the one before it in time.
        last = self.last_posted_at
        if last is not None and at < last:
            raise LoyaltyPostedAtInvalid(
                f"The entry would be posted at {at.isoformat()}, before the ledger's latest entry at "
                f"{last.isoformat()}."
            )

    def _check_can_spend(self, points: int) -> None:
        # Checked before the balance itself: a ledger in debt must be told why (9209), not 9205.
        if self.balance < 0:
            raise NegativeLoyaltyBalance(f"The balance is {self.balance} points; no points can leave it.")
        if points > self.balance:
            raise InsufficientLoyaltyPoints(f"{points} points were asked for but the balance is {self.balance}.")

    # Commands ------------------------------------------------------------------------------------

    def earn(self, points: int, reason_code: str, account_number: str, at: datetime) -> None:
        self.check_points(points)
        self._check_in_time_order(at)
        self._earn(
            points=points,
            reason_code=reason_code,
            account_number=account_number,
            posted_at=at,
            balance_carried_forward=self.balance + points,
        )

    class PointsEarned(Aggregate.Event):
        points: int
        reason_code: str
        account_number: str
        posted_at: datetime
        balance_carried_forward: int

    @event(PointsEarned)
    def _earn(
        self, points: int, reason_code: str, account_number: str, posted_at: datetime, balance_carried_forward: int
    ) -> None:
        self._post(LedgerType.CREDIT, points, reason_code, account_number, posted_at, balance_carried_forward)

    def redeem(self, points: int, points_per_unit: int, account_number: str, at: datetime) -> int:
        """Charges the points; returns the account credit they buy, in minor units."""
        self.check_points(points)
        if not self.entry_count:
            raise LoyaltyLedgerEmpty()
        self._check_can_spend(points)
        if points % points_per_unit:
            raise LoyaltyPointsIndivisible(f"Points are redeemed in multiples of {points_per_unit}.")
        self._check_in_time_order(at)
        amount = points // points_per_unit
        self._redeem(
            points=points,
            account_number=account_number,
            amount=amount,
            posted_at=at,
            balance_carried_forward=self.balance - points,
        )
        return amount

    class PointsRedeemed(Aggregate.Event):
        """The payments context credits `amount` (minor units) to the account, once, from this event."""

        points: int
        account_number: str
        amount: int
        posted_at: datetime
        balance_carried_forward: int

    @event(PointsRedeemed)
    def _redeem(
        self, points: int, account_number: str, amount: int, posted_at: datetime, balance_carried_forward: int
    ) -> None:
        self._post(
            LedgerType.CHARGE,
            points,
            REDEEMED_FOR_ACCOUNT_CREDIT,
            account_number,
            posted_at,
            balance_carried_forward,
        )

    def transfer_out(self, points: int, to_user_id: UUID, account_number: str, at: datetime) -> None:
        self.check_points(points)
        self._check_can_spend(points)
        self._check_in_time_order(at)
        self._transfer_out(
            points=points,
            to_user_id=to_user_id,
            account_number=account_number,
            posted_at=at,
            balance_carried_forward=self.balance - points,
        )

    class PointsTransferredOut(Aggregate.Event):
        points: int
        to_user_id: UUID
        account_number: str
        posted_at: datetime
        balance_carried_forward: int

    @event(PointsTransferredOut)
    def _transfer_out(
        self, points: int, to_user_id: UUID, account_number: str, posted_at: datetime, balance_carried_forward: int
    ) -> None:
        self._post(LedgerType.CHARGE, points, TRANSFERRED_TO_USER, account_number, posted_at, balance_carried_forward)

    def transfer_in(self, points: int, from_user_id: UUID, account_number: str, at: datetime) -> None:
        self.check_points(points)
        self._check_in_time_order(at)
        self._transfer_in(
            points=points,
            from_user_id=from_user_id,
            account_number=account_number,
            posted_at=at,
            balance_carried_forward=self.balance + points,
        )

    class PointsTransferredIn(Aggregate.Event):
        points: int
        from_user_id: UUID
        account_number: str
        posted_at: datetime
        balance_carried_forward: int

    @event(PointsTransferredIn)
    def _transfer_in(
        self, points: int, from_user_id: UUID, account_number: str, posted_at: datetime, balance_carried_forward: int
    ) -> None:
        self._post(LedgerType.CREDIT, points, TRANSFERRED_FROM_USER, account_number, posted_at, balance_carried_forward)

    def reverse_award(self, points: int, reason_code: str, at: datetime) -> None:
        # The one charge allowed below zero: points already spent cannot be taken back, so the
        # ledger owes them, and the negative balance then blocks redemptions and transfers out.
        self.check_points(points)
        self._check_in_time_order(at)
        self._reverse_award(
            points=points, reason_code=reason_code, posted_at=at, balance_carried_forward=self.balance - points
        )

    class AwardReversed(Aggregate.Event):
        points: int
        reason_code: str
        posted_at: datetime
        balance_carried_forward: int

    @event(AwardReversed)
    def _reverse_award(self, points: int, reason_code: str, posted_at: datetime, balance_carried_forward: int) -> None:
        # An operator's clawback concerns the user, not one of their accounts.
        self._post(LedgerType.CHARGE, points, reason_code, None, posted_at, balance_carried_forward)

    def _post(
        self,
        ledger_type: LedgerType,
        points: int,
        reason_code: str,
        account_number: str | None,
        posted_at: datetime,
        balance_carried_forward: int,
    ) -> None:
        self.last_entry = LedgerEntry(
            ledger_type=ledger_type,
            value=points,
            balance_brought_forward=self.balance,
            balance_carried_forward=balance_carried_forward,
            reason_code=reason_code,
            posted_at=posted_at,
            account_number=account_number,
        )
        self.entry_count += 1
        self.balance = balance_carried_forward
