"""The PaymentInstruction aggregate: how money may be collected for a ledger (a card or a direct debit).

Only what collecting and showing the instruction needs is kept: the provider's reference for a
card, the bank details of a direct debit (collections need them), and masked forms for display.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.payments.identifiers import entity_id

SANDBOX_VENDOR = "SANDBOX"


class InstructionType(StrEnum):
    CARD = "CARD"
    DIRECT_DEBIT = "DIRECT_DEBIT"


class InstructionStatus(StrEnum):
    ACTIVE = "ACTIVE"
    INVALIDATED = "INVALIDATED"


class PaymentInstruction(Aggregate):
    KIND = "instruction"

    @classmethod
    def id_for(cls, number: int) -> UUID:
        return entity_id(cls.KIND, number)

    @classmethod
    def store(
        cls,
        number: int,
        account_number: str,
        ledger_number: str,
        instruction_type: InstructionType,
        valid_from: datetime,
        vendor: str,
        vendor_reference: str,
        stored_at: datetime,
        account_holder: str = "",
        sort_code: str = "",
        bank_account_number: str = "",
    ) -> PaymentInstruction:
        return cls._create(
            cls.Stored,
            id=cls.id_for(number),
            number=number,
            account_number=account_number,
            ledger_number=ledger_number,
            instruction_type=instruction_type.value,
            valid_from=valid_from,
            vendor=vendor,
            vendor_reference=vendor_reference,
            stored_at=stored_at,
            account_holder=account_holder,
            sort_code=sort_code,
            bank_account_number=bank_account_number,
        )

    class Stored(Aggregate.Created):
        number: int
        account_number: str
        ledger_number: str
        instruction_type: str
        valid_from: datetime
        vendor: str
        vendor_reference: str
        stored_at: datetime
        account_holder: str
        sort_code: str
        bank_account_number: str

    @event(Stored)
    def __init__(
        self,
        number: int,
        account_number: str,
        ledger_number: str,
        instruction_type: str,
        valid_from: datetime,
        vendor: str,
        vendor_reference: str,
        stored_at: datetime,
        account_holder: str,
        sort_code: str,
        bank_account_number: str,
    ) -> None:
        self.number = number
        self.account_number = account_number
        self.ledger_number = ledger_number
        self.instruction_type = InstructionType(instruction_type)
        self.valid_from = valid_from
        self.vendor = vendor
        self.vendor_reference = vendor_reference
        self.account_holder = account_holder
        self.sort_code = sort_code
        self.bank_account_number = bank_account_number
        self.status = InstructionStatus.ACTIVE

    @property
    def last_four(self) -> str:
        return (self.bank_account_number or self.vendor_reference)[-4:]

    def invalidate(self, at: datetime) -> None:
        if self.status is InstructionStatus.ACTIVE:
            self._invalidate(invalidated_at=at)

    class Invalidated(Aggregate.Event):
        invalidated_at: datetime

    @event(Invalidated)
    def _invalidate(self, invalidated_at: datetime) -> None:
        self.status = InstructionStatus.INVALIDATED
