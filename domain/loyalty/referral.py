"""The Referral aggregate: one account referred under a scheme, its rewards and whether they are paid.

A friend referral lives at an id derived from the referred account, so an account is referred once
however many calls race; a partner referral lives at an id derived from the claim code it redeemed.
The rewards become payable once (`RewardPaid`): the payments context credits both ledgers from that
event, and the referrer's loyalty points bonus is earned in the same decision.
"""

from __future__ import annotations

import enum
from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.loyalty.ledger import LOYALTY
from domain.loyalty.referral_schemes import Scheme, SchemeType

# The reason code of the loyalty points a referral's scheme awards the referrer.
REFERRAL_BONUS = "REFERRAL_BONUS"


class ReferralStatus(enum.StrEnum):
    """Kraken's ReferralStatusChoices."""

    PENDING = "Pending"
    PAID = "Paid"
    CANCELLED = "Cancelled"


class Referral(Aggregate):
    @staticmethod
    def id_for_referred(account_number: str) -> UUID:
        return uuid5(LOYALTY, f"referral:{account_number}")

    @staticmethod
    def id_for_claim_code(value: str) -> UUID:
        return uuid5(LOYALTY, f"referral:claim-code:{value}")

    @classmethod
    def create(
        cls,
        referral_id: UUID,
        scheme: Scheme,
        referred_account: str,
        referring_account: str | None,
        reference: str,
        created_at: datetime,
        payable_from: datetime,
    ) -> Referral:
        return cls._create(
            cls.Created,
            id=referral_id,
            scheme_code=scheme.code,
            scheme_type=scheme.scheme_type,
            referred_account=referred_account,
            referring_account=referring_account,
            # A partner referral has no referrer to reward.
            referrer_reward=scheme.referrer_reward if referring_account else 0,
            referred_reward=scheme.referred_reward,
            points_bonus=scheme.points_bonus if referring_account else 0,
            reference=reference,
            created_at=created_at,
            payable_from=payable_from,
        )

    class Created(Aggregate.Created):
        scheme_code: str
        scheme_type: SchemeType
        referred_account: str
        referring_account: str | None
        referrer_reward: int
        referred_reward: int
        points_bonus: int
        # The referrer's personal code, or the claim code redeemed: what Kraken shows as the referral's code.
        reference: str
        created_at: datetime
        payable_from: datetime

    @event(Created)
    def __init__(
        self,
        scheme_code: str,
        scheme_type: SchemeType,
        referred_account: str,
        referring_account: str | None,
        referrer_reward: int,
        referred_reward: int,
        points_bonus: int,
        reference: str,
        created_at: datetime,
        payable_from: datetime,
    ) -> None:
        self.scheme_code = scheme_code
        self.scheme_type = scheme_type
        self.referred_account = referred_account
        self.referring_account = referring_account
        self.referrer_reward = referrer_reward
        self.referred_reward = referred_reward
        self.points_bonus = points_bonus
        self.reference = reference
        self.created_at = created_at
        self.payable_from = payable_from
        self.status = ReferralStatus.PENDING
        self.paid_at: datetime | None = None
        self.referrer_notified = False

    def is_due(self, at: datetime) -> bool:
        return self.status is ReferralStatus.PENDING and self.payable_from <= at

    def pay(self, at: datetime, points_awarded: int) -> bool:
        """Makes the rewards payable, once; False when they are not due yet or were already paid."""
        if not self.is_due(at):
            return False
        self._pay(
            referred_account=self.referred_account,
            referring_account=self.referring_account,
            referrer_reward=self.referrer_reward,
            referred_reward=self.referred_reward,
            points_awarded=points_awarded,
            paid_at=at,
        )
        return True

    class RewardPaid(Aggregate.Event):
        """What the payments context credits: each non-zero reward to its account's main ledger."""

        referred_account: str
        referring_account: str | None
        referrer_reward: int
        referred_reward: int
        points_awarded: int
        paid_at: datetime

    @event(RewardPaid)
    def _pay(
        self,
        referred_account: str,
        referring_account: str | None,
        referrer_reward: int,
        referred_reward: int,
        points_awarded: int,
        paid_at: datetime,
    ) -> None:
        self.status = ReferralStatus.PAID
        self.paid_at = paid_at

    def record_referrer_notified(self, at: datetime) -> None:
        if not self.referrer_notified:
            self._record_referrer_notified(notified_at=at)

    class ReferrerNotified(Aggregate.Event):
        notified_at: datetime

    @event(ReferrerNotified)
    def _record_referrer_notified(self, notified_at: datetime) -> None:
        self.referrer_notified = True
