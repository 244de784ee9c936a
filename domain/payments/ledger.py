"""The Ledger aggregate: money held for an account, as a balance in minor units and its entries.

An account has a main ledger, opened when the account is opened, and may have credit storage
ledgers. A ledger is known by its number (`L-` and eight characters) and by an integer ID, which
some inputs take instead; a LedgerClaim at that ID names the number (saved with the ledger). The
ledger also keeps which payment instructions may collect for it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.payments.identifiers import new_number

_LEDGERS = uuid5(NAMESPACE_URL, "https://kraken-es/payments/ledger/")
CURRENCY = "GBP"
# The account numbers' alphabet (no 0/O or 1/I): a ledger number's suffix is a numeral in it.
_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
_WIDTH = 8
# The kind of a ledger's integer ID (see identifiers.LedgerClaim).
LEDGER = "ledger"


class LedgerKind(StrEnum):
    MAIN = "MAIN_LEDGER"
    CREDIT_STORAGE = "CREDIT_STORAGE_LEDGER"


class EntryKind(StrEnum):
    """What moved the money. Charges, repayments and transfers out lower the balance."""

    CHARGE = "CHARGE"
    CREDIT = "CREDIT"
    PAYMENT = "PAYMENT"
    REPAYMENT = "REPAYMENT"
    TRANSFER = "TRANSFER"


def main_ledger_number(account_number: str) -> str:
    """Kraken ledger numbers look like L-1B2C3D4E; an account's main ledger shares its suffix."""
    return "L-" + account_number.removeprefix("A-")


def new_ledger_number() -> str:
    return "L-" + "".join(secrets.choice(_ALPHABET) for _ in range(_WIDTH))


@dataclass(frozen=True, slots=True)
class LinkedInstruction:
    number: int
    instruction_type: str
    valid_from: datetime


class Ledger(Aggregate):
    """Lives at an id derived from its number: opening the same ledger twice conflicts."""

    @staticmethod
    def id_for(number: str) -> UUID:
        return uuid5(_LEDGERS, number)

    @classmethod
    def open(
        cls,
        account_number: str,
        opened_at: datetime,
        number: str | None = None,
        kind: LedgerKind = LedgerKind.MAIN,
        ledger_id: int | None = None,
    ) -> Ledger:
        """A new ledger (the account's main one unless `number` is given); PaymentsBase.open_ledger
        also claims its ID, which a new ledger draws at random unless given."""
        number = number or main_ledger_number(account_number)
        return cls._create(
            cls.Opened,
            id=cls.id_for(number),
            number=number,
            account_number=account_number,
            currency=CURRENCY,
            opened_at=opened_at,
            kind=kind.value,
            ledger_id=ledger_id or new_number(),
        )

    class Opened(Aggregate.Created):
        number: str
        account_number: str
        currency: str
        opened_at: datetime
        kind: str = LedgerKind.MAIN.value  # ledgers opened before kinds existed were main ledgers
        ledger_id: int = 0  # and had no integer ID

    @event(Opened)
    def __init__(
        self,
        number: str,
        account_number: str,
        currency: str,
        opened_at: datetime,
        kind: str = LedgerKind.MAIN.value,
        ledger_id: int = 0,
    ) -> None:
        self.number = number
        self.ledger_id = ledger_id
        self.account_number = account_number
        self.currency = currency
        self.kind = LedgerKind(kind)
        self.balance = 0
        self.instructions: dict[int, LinkedInstruction] = {}

    # Money ---------------------------------------------------------------------------------------

    def post(self, kind: EntryKind, amount: int, reason_code: str, source: str, posted_at: datetime) -> None:
        """Records an entry: `amount` is signed (negative lowers the balance); `source` names its cause."""
        if amount == 0:
            raise ValueError("an entry moves money: its amount cannot be zero")
        self._post(
            kind=kind.value,
            amount=amount,
            reason_code=reason_code,
            source=source,
            posted_at=posted_at,
            balance_carried_forward=self.balance + amount,
        )

    class Posted(Aggregate.Event):
        kind: str
        amount: int
        reason_code: str
        source: str
        posted_at: datetime
        balance_carried_forward: int

    @event(Posted)
    def _post(
        self, kind: str, amount: int, reason_code: str, source: str, posted_at: datetime, balance_carried_forward: int
    ) -> None:
        self.balance = balance_carried_forward

    def credit(self, amount: int, reason_code: str, source: str, posted_at: datetime) -> None:
        """Money in that is not a payment (e.g. redeemed loyalty points)."""
        if amount <= 0:
            raise ValueError(f"a credit must be positive, not {amount}")
        self.post(EntryKind.CREDIT, amount, reason_code, source, posted_at)

    class Credited(Aggregate.Event):
        """The first slice's credit event: still replayed, no longer recorded (credits are Posted now)."""

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

    # Payment instructions ------------------------------------------------------------------------

    def link_instruction(self, number: int, instruction_type: str, valid_from: datetime) -> None:
        self._link_instruction(number=number, instruction_type=instruction_type, valid_from=valid_from)

    class InstructionLinked(Aggregate.Event):
        number: int
        instruction_type: str
        valid_from: datetime

    @event(InstructionLinked)
    def _link_instruction(self, number: int, instruction_type: str, valid_from: datetime) -> None:
        self.instructions[number] = LinkedInstruction(number, instruction_type, valid_from)

    def unlink_instruction(self, number: int) -> None:
        if number in self.instructions:
            self._unlink_instruction(number=number)

    class InstructionUnlinked(Aggregate.Event):
        number: int

    @event(InstructionUnlinked)
    def _unlink_instruction(self, number: int) -> None:
        del self.instructions[number]

    def instruction_for(self, instruction_type: str | None, at: datetime) -> int | None:
        """The instruction that collects for this ledger at `at`: the newest valid one of the type
        asked for; with no type, the one used for automated payments (direct debit before card)."""
        valid = [i for i in self.instructions.values() if i.valid_from <= at]
        if instruction_type is not None:
            valid = [i for i in valid if i.instruction_type == instruction_type]
        preference = {"DIRECT_DEBIT": 0, "CARD": 1}
        valid.sort(key=lambda i: (preference.get(i.instruction_type, 2), -i.valid_from.timestamp(), -i.number))
        return valid[0].number if valid else None
