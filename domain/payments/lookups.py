"""What every command group of the payments application shares: finding ledgers, entities and
the first request made under an idempotency key.

The Payments application is split into command groups (instruction_commands, schedule_commands,
collection_commands, repayment_commands, transfer_commands, bill_commands), each a class deriving
from PaymentsLookups; application.py joins them, as the identity context does.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from domain.payments.account_ledgers import AccountLedgers
from domain.payments.errors import (
    IdempotencyKeyReused,
    LedgerAccessDenied,
    LedgerIdAndNumberBothGiven,
    LedgerNotFound,
    LedgerNotIdentified,
)
from domain.payments.identifiers import IdempotencyKey, LedgerClaim, entity_id, parse_number
from domain.payments.ledger import LEDGER, Ledger, LedgerKind, main_ledger_number, new_ledger_number
from domain.payments.limits import MoneyLimits
from domain.shared.application import ContextApplication
from domain.shared.clock import Clock


class PaymentsLookups(ContextApplication):
    name = "Payments"

    def __init__(
        self, env: Mapping[str, str] | None = None, clock: Clock | None = None, *, limits: MoneyLimits | None = None
    ) -> None:
        super().__init__(env, clock)
        self.limits = limits or MoneyLimits()

    def ledger(self, number: str) -> Ledger | None:
        found: Ledger | None = self.find(Ledger.id_for(number))
        return found

    def ledger_of(self, account_number: str) -> Ledger | None:
        """The account's main ledger (None until the account's opening has been seen here)."""
        return self.ledger(main_ledger_number(account_number))

    def select_ledger(
        self, account_number: str, ledger_id: object | None, ledger_number: str | None, *, main_by_default: bool = False
    ) -> Ledger:
        """The account's ledger a client named by ID or by number, never both (KT-CT-3820).

        Naming neither is LedgerNotIdentified (KT-CT-3821), or, where an input still allows it
        (`main_by_default`), means the account's main ledger. A ledger that does not exist is
        LedgerNotFound, one of another account LedgerAccessDenied: each mutation says which of its
        codes they answer as (most answer both alike, so that ledgers of others cannot be probed).
        """
        given_id = ledger_id not in (None, "")
        given_number = ledger_number not in (None, "")
        if given_id and given_number:
            raise LedgerIdAndNumberBothGiven()
        if given_id:
            number = self.ledger_number_of(ledger_id)
        elif given_number:
            number = ledger_number
        elif not main_by_default:
            raise LedgerNotIdentified()
        else:
            number = main_ledger_number(account_number)
        ledger = self.ledger(number) if number else None
        if ledger is None:
            raise LedgerNotFound(f"No ledger {ledger_id or ledger_number or number} on account {account_number}.")
        if ledger.account_number != account_number:
            raise LedgerAccessDenied(f"Ledger {ledger.number} is not one of account {account_number}'s.")
        return ledger

    def ledger_number_of(self, ledger_id: object) -> str | None:
        """The number of the ledger with this integer ID (as a client sent it); None if none."""
        claim: LedgerClaim | None = self.entity(LEDGER, parse_number(ledger_id))
        return claim.ledger_number if claim else None

    def first_request(self, scope: str, key: str, fingerprint: str, what: str) -> int | None:
        """The id of what the first request under this idempotency key created, if it was the same
        request; None if the key is new. The same key with another request is IdempotencyKeyReused.

        The caller claims a new key (IdempotencyKey.claim) in the same save as what it creates: a
        racing duplicate then conflicts, and its retry finds the claim here.
        """
        claim: IdempotencyKey | None = self.find(IdempotencyKey.id_for(scope, key))
        if claim is None:
            return None
        if claim.fingerprint != fingerprint:
            raise IdempotencyKeyReused(f"The idempotency key {key!r} was used for another {what}.")
        return claim.target

    def entity(self, kind: str, number: int | None) -> Any:
        """The payments entity of `kind` with that integer id, or None."""
        return None if number is None else self.find(entity_id(kind, number))

    def open_ledger(self, account_number: str, kind: LedgerKind) -> Ledger:
        """Opens another ledger for the account (an operator command: credit storage ledgers);
        LedgerCountExceeded if the account has as many as it may have."""

        def decide() -> tuple[Ledger, list[Any]]:
            # A number or ID already taken makes the save conflict, and the retry draws others.
            opened = self._opened_ledger(account_number, self.clock.now(), new_ledger_number(), kind)
            others: AccountLedgers = self.find(AccountLedgers.id_for(account_number)) or AccountLedgers.start(
                account_number
            )
            others.add(opened[0].number)
            return opened[0], [*opened, others]

        return self.decide(decide)

    @staticmethod
    def _opened_ledger(
        account_number: str, at: datetime, number: str | None = None, kind: LedgerKind = LedgerKind.MAIN
    ) -> list[Any]:
        """A new ledger and the claim of its integer ID, to be saved together (the ledger first)."""
        ledger = Ledger.open(account_number, at, number=number, kind=kind)
        return [ledger, LedgerClaim.claim(LEDGER, ledger.ledger_id, ledger.number)]
