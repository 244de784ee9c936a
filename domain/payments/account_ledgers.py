"""The AccountLedgers aggregate: the ledgers an account has besides its main one, at most a few.

An account's balance is the sum of its ledgers' balances, and Kraken serves it as an `Int`: each
ledger is bounded (MoneyLimits.ledger_balance), so the number of ledgers must be too. Opening a
ledger other than the main one adds it here in the same save, at an id derived from the account
number, so two ledgers opened at once conflict and the retry counts both.
"""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.payments.limits import MAX_LEDGERS_PER_ACCOUNT

_ACCOUNT_LEDGERS = uuid5(NAMESPACE_URL, "https://kraken-es/payments/account-ledgers/")


class LedgerCountExceeded(ValueError):
    """The account has as many ledgers as an account may have; no ledger was opened.

    Only an operator opens ledgers besides the main one (kraken transfer open-storage): no client sees it.
    """


class AccountLedgers(Aggregate):
    @staticmethod
    def id_for(account_number: str) -> UUID:
        return uuid5(_ACCOUNT_LEDGERS, account_number)

    @classmethod
    def start(cls, account_number: str) -> AccountLedgers:
        return cls._create(cls.Started, id=cls.id_for(account_number), account_number=account_number)

    class Started(Aggregate.Created):
        account_number: str

    @event(Started)
    def __init__(self, account_number: str) -> None:
        self.account_number = account_number
        self.others: list[str] = []

    def add(self, ledger_number: str) -> None:
        # The main ledger always exists, so it counts as one of the account's ledgers.
        if len(self.others) + 1 >= MAX_LEDGERS_PER_ACCOUNT:
            raise LedgerCountExceeded(
                f"Account {self.account_number} has {MAX_LEDGERS_PER_ACCOUNT} ledgers, as many as an account may have."
            )
        self._add(ledger_number=ledger_number)

    class LedgerAdded(Aggregate.Event):
        ledger_number: str

    @event(LedgerAdded)
    def _add(self, ledger_number: str) -> None:
        self.others.append(ledger_number)
