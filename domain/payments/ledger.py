"""The Ledger aggregate: money held for an account, as a balance in minor units and its entries.

An account has a main ledger, opened when the account is opened, and may have credit storage
ledgers. A ledger is known by its number (`L-` and eight characters) and by an integer ID, which
some inputs take instead; a LedgerClaim at that ID names the number (saved with the ledger). The
ledger also keeps which payment instructions may collect for it.

The balance stays within ±limit (MoneyLimits.ledger_balance). Money that may still come in
without anyone deciding again (a submitted payment the provider may collect, a payout that may
come back) has its room reserved when it starts, so that posting it later is never refused: a
fact about money that moved cannot be turned away. Every other entry, and every reservation, is
refused (LedgerLimitExceeded) if it would take the balance, or the balance plus what is reserved,
further beyond the limit; one that brings a ledger back towards it is always taken, so a ledger
that was beyond it before the limit existed can still be brought back.
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


class LedgerLimitExceeded(ValueError):
    """An entry or reservation would take the ledger's balance beyond its limit; nothing was recorded.

    No client ever sees it: the commands that serve clients check `fits` first, and those a worker
    or a reaction runs record the refusal instead (a failed payment, Ledger.refuse_entry). Only an
    operator's command (issuing a bill, moving credit) is refused with it, and ops/ reports it.
    """


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
        """A new ledger (the account's main one unless `number` is given); PaymentsLookups.open_ledger
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
        # Room kept below the upper limit for money that may still come in, by its source.
        self.reserved: dict[str, int] = {}
        self.instructions: dict[int, LinkedInstruction] = {}
        # The sources of entries this ledger refused: a later reversal of one gives nothing back.
        self.refused_sources: set[str] = set()

    # Money ---------------------------------------------------------------------------------------

    def fits(self, amount: int, limit: int) -> bool:
        """Whether an entry of `amount` (signed) would be taken under `limit`."""
        return self._within(amount, 0, limit)

    def is_reserved(self, source: str) -> bool:
        return source in self.reserved

    def post(
        self, kind: EntryKind, amount: int, reason_code: str, source: str, posted_at: datetime, *, limit: int
    ) -> None:
        """Records an entry: `amount` is signed (negative lowers the balance); `source` names its cause.
        LedgerLimitExceeded if it would take the balance further beyond ±`limit`."""
        if amount == 0:
            raise ValueError("an entry moves money: its amount cannot be zero")
        if not self._within(amount, 0, limit):
            raise LedgerLimitExceeded(self._beyond(amount, limit))
        self._posted(kind, amount, reason_code, source, posted_at)

    def reserve(self, source: str, amount: int, *, limit: int) -> None:
        """Keeps room for `amount` that `source` may still bring in (a payment handed to the provider);
        LedgerLimitExceeded if there is no room."""
        if amount <= 0:
            raise ValueError(f"room is reserved for a positive amount, not {amount}")
        if source in self.reserved:
            raise ValueError(f"room is already reserved for {source}")
        if not self._within(0, amount, limit):
            raise LedgerLimitExceeded(self._beyond(amount, limit))
        self._reserve(source=source, amount=amount)

    def pay_out(self, amount: int, reason_code: str, source: str, posted_at: datetime, *, limit: int) -> None:
        """Money leaving by a payout: posted now, with room kept to take it back should the payout fail.
        The balance falls as much as the reservation rises, so only the lower limit can refuse it."""
        if amount <= 0:
            raise ValueError(f"a payout moves a positive amount, not {amount}")
        if source in self.reserved:
            raise ValueError(f"room is already reserved for {source}")
        if not self._within(-amount, amount, limit):
            raise LedgerLimitExceeded(self._beyond(-amount, limit))
        self._posted(EntryKind.REPAYMENT, -amount, reason_code, source, posted_at)
        self._reserve(source=source, amount=amount)

    def post_reserved(self, kind: EntryKind, source: str, reason_code: str, posted_at: datetime) -> int:
        """Posts the money room was reserved for (it came in) and frees that room; returns the amount.
        Never refused: the room was kept when it was reserved."""
        amount = self.reserved[source]
        self._posted(kind, amount, reason_code, source, posted_at)
        self._release(source=source)
        return amount

    def release(self, source: str) -> None:
        """Frees the room reserved for `source` (the money will not come: the payment failed, the payout was paid)."""
        if source in self.reserved:
            self._release(source=source)

    def refuse_entry(self, kind: EntryKind, amount: int, reason_code: str, source: str, posted_at: datetime) -> None:
        """Records money this ledger could not take within its limit, for an operator to settle another way:
        a reaction or a worker cannot refuse by raising, or it would be asked again for ever."""
        self._refuse_entry(kind=kind.value, amount=amount, reason_code=reason_code, source=source, posted_at=posted_at)

    def credit(self, amount: int, reason_code: str, source: str, posted_at: datetime, *, limit: int) -> None:
        """Money in that is not a payment (e.g. redeemed loyalty points)."""
        if amount <= 0:
            raise ValueError(f"a credit must be positive, not {amount}")
        self.post(EntryKind.CREDIT, amount, reason_code, source, posted_at, limit=limit)

    def _within(self, balance_change: int, reserved_change: int, limit: int) -> bool:
        # Beyond the limit is refused only further out: coming back towards it is always taken.
        low, high = self.balance, self.balance + sum(self.reserved.values())
        new_low, new_high = low + balance_change, high + balance_change + reserved_change
        return (new_high <= limit or new_high <= high) and (new_low >= -limit or new_low >= low)

    def _beyond(self, amount: int, limit: int) -> str:
        return (
            f"Ledger {self.number} holds {self.balance} with {sum(self.reserved.values())} reserved: "
            f"{amount:+} would take it beyond ±{limit}."
        )

    def _posted(self, kind: EntryKind, amount: int, reason_code: str, source: str, posted_at: datetime) -> None:
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

    class RoomReserved(Aggregate.Event):
        source: str
        amount: int

    @event(RoomReserved)
    def _reserve(self, source: str, amount: int) -> None:
        self.reserved[source] = amount

    class RoomReleased(Aggregate.Event):
        source: str

    @event(RoomReleased)
    def _release(self, source: str) -> None:
        self.reserved.pop(source, None)

    class EntryRefused(Aggregate.Event):
        """Money that came for this ledger and was not posted: it would have taken it beyond its limit."""

        kind: str
        amount: int
        reason_code: str
        source: str
        posted_at: datetime

    @event(EntryRefused)
    def _refuse_entry(self, kind: str, amount: int, reason_code: str, source: str, posted_at: datetime) -> None:
        self.refused_sources.add(source)

    def refused(self, source: str) -> bool:
        return source in self.refused_sources

    class Credited(Aggregate.Event):
        """An older shape of a credit: stored events of it are still replayed; new credits are Posted."""

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
