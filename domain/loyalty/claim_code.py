"""The ClaimCode aggregate: a partner scheme's one-use code, and the account that redeemed it.

It lives at an id derived from its value, so a value is issued once and redeemed once: two
redemptions racing conflict on it, and the loser's retry finds it redeemed.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.loyalty.ledger import LOYALTY

# Partners print codes on vouchers: no 0/O or 1/I, twelve characters (60 bits) in groups of four.
_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CLAIM_CODE_LENGTH = 14


def new_claim_code() -> str:
    drawn = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return f"{drawn[:4]}-{drawn[4:8]}-{drawn[8:]}"


def normalise_claim_code(value: str) -> str:
    return value.strip().upper()


class ClaimCode(Aggregate):
    @staticmethod
    def id_for(value: str) -> UUID:
        return uuid5(LOYALTY, f"claim-code:{normalise_claim_code(value)}")

    @classmethod
    def issue(cls, value: str, number: int, scheme_code: str, issued_at: datetime) -> ClaimCode:
        return cls._create(
            cls.Issued, id=cls.id_for(value), value=value, number=number, scheme_code=scheme_code, issued_at=issued_at
        )

    class Issued(Aggregate.Created):
        value: str
        # Kraken's ReferralClaimCodeType.id is an Int.
        number: int
        scheme_code: str
        issued_at: datetime

    @event(Issued)
    def __init__(self, value: str, number: int, scheme_code: str, issued_at: datetime) -> None:
        self.value = value
        self.number = number
        self.scheme_code = scheme_code
        self.issued_at = issued_at
        self.redeemed_by: str | None = None

    def redeem(self, account_number: str, referral_id: UUID, at: datetime) -> None:
        self._redeem(account_number=account_number, referral_id=referral_id, redeemed_at=at)

    class Redeemed(Aggregate.Event):
        account_number: str
        referral_id: UUID
        redeemed_at: datetime

    @event(Redeemed)
    def _redeem(self, account_number: str, referral_id: UUID, redeemed_at: datetime) -> None:
        self.redeemed_by = account_number
