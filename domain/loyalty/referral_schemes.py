"""The ReferralSchemes aggregate: the catalogue of referral schemes, each with its reward terms and window.

One aggregate holds the whole catalogue: operators change it rarely, and a referral reads the
scheme it falls under together with every other scheme of its brand and type, in one load.
"""

from __future__ import annotations

import enum
import re
from datetime import datetime
from uuid import UUID, uuid5

import msgspec
from eventsourcing.domain import Aggregate, event

from domain.loyalty.ledger import LOYALTY

# Scheme codes are typed by operators and read aloud to partners: capitals, digits, dashes and underscores.
SCHEME_CODE = re.compile(r"[A-Z0-9][A-Z0-9_-]{1,39}")
# The most a referral may pay either party: a reward is a gesture, not a transfer of funds.
MAX_REWARD = 100_000
MAX_POINTS_BONUS = 1_000_000


class SchemeType(enum.StrEnum):
    """Kraken's ReferralSchemeTypeChoices (LEGACY_REFERRAL is never offered here)."""

    REFERRAL_REWARD = "REFERRAL_REWARD"
    SIGNUP_REWARD = "SIGNUP_REWARD"
    PARTNER_REWARD = "PARTNER_REWARD"
    PROMO_REWARD = "PROMO_REWARD"


class SchemeInvalid(ValueError):
    """A scheme an operator describes cannot be added or ended as asked."""


class Scheme(msgspec.Struct, frozen=True, kw_only=True):
    """A scheme's terms: rewards in minor units, for referrals made from `starts_at` until `ends_at`."""

    code: str
    scheme_type: SchemeType
    referrer_reward: int
    referred_reward: int
    points_bonus: int
    brand: str
    starts_at: datetime
    ends_at: datetime | None = None

    def is_open(self, at: datetime) -> bool:
        return self.starts_at <= at and (self.ends_at is None or at < self.ends_at)


class ReferralSchemes(Aggregate):
    """Lives at one fixed id: there is one catalogue."""

    @staticmethod
    def id_for() -> UUID:
        return uuid5(LOYALTY, "referral-schemes")

    @classmethod
    def open(cls, opened_at: datetime) -> ReferralSchemes:
        return cls._create(cls.Opened, id=cls.id_for(), opened_at=opened_at)

    class Opened(Aggregate.Created):
        opened_at: datetime

    @event(Opened)
    def __init__(self, opened_at: datetime) -> None:
        self.opened_at = opened_at
        self.schemes: dict[str, Scheme] = {}

    def get(self, code: str) -> Scheme | None:
        return self.schemes.get(code)

    def open_scheme(self, scheme_type: SchemeType, brand: str, at: datetime) -> Scheme | None:
        """The brand's scheme of this type open at `at`; the latest started if several overlap."""
        found = [
            s for s in self.schemes.values() if s.scheme_type == scheme_type and s.brand == brand and s.is_open(at)
        ]
        return max(found, key=lambda s: (s.starts_at, s.code)) if found else None

    def add(self, scheme: Scheme, added_at: datetime) -> None:
        if not SCHEME_CODE.fullmatch(scheme.code):
            raise SchemeInvalid(f"{scheme.code!r} is not a scheme code: 2 to 40 capitals, digits, '-' or '_'.")
        if scheme.code in self.schemes:
            raise SchemeInvalid(f"A referral scheme already has the code {scheme.code}.")
        for amount in (scheme.referrer_reward, scheme.referred_reward):
            if not 0 <= amount <= MAX_REWARD:
                raise SchemeInvalid(f"A reward is 0 to {MAX_REWARD} in minor units, not {amount}.")
        if not 0 <= scheme.points_bonus <= MAX_POINTS_BONUS:
            raise SchemeInvalid(f"A points bonus is 0 to {MAX_POINTS_BONUS}, not {scheme.points_bonus}.")
        if scheme.ends_at is not None and scheme.ends_at <= scheme.starts_at:
            raise SchemeInvalid("A scheme must end after it starts.")
        self._add(scheme=scheme, added_at=added_at)

    class SchemeAdded(Aggregate.Event):
        scheme: Scheme
        added_at: datetime

    @event(SchemeAdded)
    def _add(self, scheme: Scheme, added_at: datetime) -> None:
        self.schemes = {**self.schemes, scheme.code: scheme}

    def end(self, code: str, at: datetime) -> None:
        """Closes the scheme at `at`: referrals already made keep their terms."""
        scheme = self.schemes.get(code)
        if scheme is None:
            raise SchemeInvalid(f"No referral scheme has the code {code}.")
        if scheme.ends_at is not None and scheme.ends_at <= at:
            raise SchemeInvalid(f"The scheme {code} has already ended.")
        self._end(code=code, ended_at=max(at, scheme.starts_at))

    class SchemeEnded(Aggregate.Event):
        code: str
        ended_at: datetime

    @event(SchemeEnded)
    def _end(self, code: str, ended_at: datetime) -> None:
        self.schemes = {**self.schemes, code: msgspec.structs.replace(self.schemes[code], ends_at=ended_at)}
