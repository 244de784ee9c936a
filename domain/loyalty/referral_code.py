"""An account's personal referral code, drawn once, and the index from a code back to its account.

Both live at derived ids and are saved together: `PersonalReferralCode` (by account) makes the code
drawn once however often it is asked for, `ReferralCodeIndex` (by code) makes no two accounts share one.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.loyalty.ledger import LOYALTY

_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
# Ten characters of 32 (50 bits): read aloud or typed from a link, and not worth sweeping for.
REFERRAL_CODE_LENGTH = 10


def new_referral_code() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(REFERRAL_CODE_LENGTH))


def normalise_referral_code(code: str) -> str:
    return code.strip().upper()


class PersonalReferralCode(Aggregate):
    @staticmethod
    def id_for(account_number: str) -> UUID:
        return uuid5(LOYALTY, f"referral-code:account:{account_number}")

    @classmethod
    def draw(cls, account_number: str, code: str, drawn_at: datetime) -> PersonalReferralCode:
        return cls._create(
            cls.Drawn, id=cls.id_for(account_number), account_number=account_number, code=code, drawn_at=drawn_at
        )

    class Drawn(Aggregate.Created):
        account_number: str
        code: str
        drawn_at: datetime

    @event(Drawn)
    def __init__(self, account_number: str, code: str, drawn_at: datetime) -> None:
        self.account_number = account_number
        self.code = code
        self.drawn_at = drawn_at


class ReferralCodeIndex(Aggregate):
    @staticmethod
    def id_for(code: str) -> UUID:
        return uuid5(LOYALTY, f"referral-code:{normalise_referral_code(code)}")

    @classmethod
    def claim(cls, code: str, account_number: str) -> ReferralCodeIndex:
        return cls._create(cls.Claimed, id=cls.id_for(code), account_number=account_number)

    class Claimed(Aggregate.Created):
        account_number: str

    @event(Claimed)
    def __init__(self, account_number: str) -> None:
        self.account_number = account_number
