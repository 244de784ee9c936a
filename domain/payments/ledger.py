"""The Ledger aggregate: an account's money, as a balance in minor units and its entries."""

from __future__ import annotations

from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

_LEDGERS = uuid5(NAMESPACE_URL, "https://kraken-es/payments/ledger/")
CURRENCY = "GBP"


def main_ledger_number(account_number: str) -> str:
    """Kraken ledger numbers look like L-1B2C3D4E; an account's main ledger shares its suffix."""
    return "L-" + account_number.removeprefix("A-")


class Ledger(Aggregate):
    """Lives at an id derived from its number: opening the same ledger twice conflicts."""

    @staticmethod
    def id_for(number: str) -> UUID:
        return uuid5(_LEDGERS, number)

    @classmethod
    def open(cls, account_number: str, opened_at: datetime) -> Ledger:
        number = main_ledger_number(account_number)
        return cls._create(
            cls.Opened,
            id=cls.id_for(number),
            number=number,
            account_number=account_number,
            currency=CURRENCY,
            opened_at=opened_at,
        )

    class Opened(Aggregate.Created):
        number: str
        account_number: str
        currency: str
        opened_at: datetime

    @event(Opened)
    def __init__(self, number: str, account_number: str, currency: str, opened_at: datetime) -> None:
        self.number = number
        self.account_number = account_number
        self.currency = currency
        self.balance = 0

    def credit(self, amount: int, reason_code: str, source: str, posted_at: datetime) -> None:
        """Money in. `source` names what caused it (e.g. the loyalty event), for the audit trail."""
        if amount <= 0:
            raise ValueError(f"a credit must be positive, not {amount}")
        self._credit(
            amount=amount,
            reason_code=reason_code,
            source=source,
            posted_at=posted_at,
            balance_carried_forward=self.balance + amount,
        )

    class Credited(Aggregate.Event):
        amount: int
        reason_code: str
        source: str
        posted_at: datetime
        balance_carried_forward: int

    @event(Credited)
    def _credit(
        self, amount: int, reason_code: str, source: str, posted_at: datetime, balance_carried_forward: int
    ) -> None:
        self.balance = balance_carried_forward
