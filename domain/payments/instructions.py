"""Payment instructions: storing a card set up through the provider, setting up a direct debit,
invalidating either, and choosing the one that collects a ledger's payments."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from domain.payments import commands
from domain.payments.base import PaymentsBase
from domain.payments.errors import (
    DirectDebitInstructionDataInvalid,
    LedgerAccessDenied,
    PaymentInstructionAccessDenied,
)
from domain.payments.identifiers import new_number, parse_number
from domain.payments.ledger import Ledger
from domain.payments.payment_instruction import (
    SANDBOX_VENDOR,
    InstructionStatus,
    InstructionType,
    PaymentInstruction,
)
from domain.shared.errors import KrakenError

_SEPARATORS = re.compile(r"[\s-]")
# BACS carries at most 18 characters of the payer's name.
_HOLDER_MAX = 18


class InstructionCommands(PaymentsBase):
    def store_payment_instruction(self, command: commands.StorePaymentInstruction) -> PaymentInstruction:
        instruction_type = InstructionType(command.instruction_type)
        reference = command.vendor_reference.strip()

        def decide() -> tuple[PaymentInstruction, list[Any]]:
            ledger = self.select_ledger(
                command.account_number,
                command.ledger_id,
                command.ledger_number,
                not_found=LedgerAccessDenied,
                neither=None,  # ledgerId "will be mandatory in future versions": the main ledger until then
            )
            instruction = self._new_instruction(
                ledger, instruction_type, command.valid_from, vendor_reference=reference
            )
            return instruction, [ledger, instruction]

        return self.decide(decide)

    def set_up_direct_debit_instruction(self, command: commands.SetUpDirectDebitInstruction) -> PaymentInstruction:
        def decide() -> tuple[PaymentInstruction, list[Any]]:
            ledger = self.select_ledger(
                command.account_number,
                command.ledger_id,
                command.ledger_number,
                not_found=DirectDebitInstructionDataInvalid,
            )
            instruction = self._new_direct_debit(ledger, command.bank_details, command.valid_from)
            return instruction, [ledger, instruction]

        return self.decide(decide)

    def invalidate_payment_instruction(self, command: commands.InvalidatePaymentInstruction) -> PaymentInstruction:
        def decide() -> tuple[PaymentInstruction, list[Any]]:
            instruction: PaymentInstruction | None = self.entity(
                PaymentInstruction.KIND, parse_number(command.instruction_id)
            )
            if instruction is None or instruction.account_number != command.account_number:
                raise PaymentInstructionAccessDenied(
                    f"No payment instruction {command.instruction_id} on account {command.account_number}."
                )
            ledger: Ledger = self.load(Ledger.id_for(instruction.ledger_number))
            instruction.invalidate(self.clock.now())
            ledger.unlink_instruction(instruction.number)
            return instruction, [instruction, ledger]

        return self.decide(decide)

    def instruction_for(
        self, ledger: Ledger, instruction_type: InstructionType | None, at: datetime
    ) -> PaymentInstruction | None:
        """The active instruction that collects for `ledger` at `at` (see Ledger.instruction_for)."""
        number = ledger.instruction_for(instruction_type.value if instruction_type else None, at)
        instruction: PaymentInstruction | None = self.entity(PaymentInstruction.KIND, number)
        return instruction if instruction and instruction.status is InstructionStatus.ACTIVE else None

    # Shared with the schedules topic (createDirectDebitInstructionAndSchedule) ----------------

    def _new_direct_debit(
        self,
        ledger: Ledger,
        details: commands.BankDetails,
        valid_from: datetime,
        invalid: type[KrakenError] = DirectDebitInstructionDataInvalid,
    ) -> PaymentInstruction:
        """A new direct debit instruction on `ledger` (not yet saved), or `invalid` for bad details."""
        sort_code = _SEPARATORS.sub("", details.sort_code)
        account_number = _SEPARATORS.sub("", details.account_number)
        holder = " ".join(details.account_holder.split())
        problems = []
        if not (len(sort_code) == 6 and sort_code.isdigit()):
            problems.append("a sort code has 6 digits")
        if not (len(account_number) == 8 and account_number.isdigit()):
            problems.append("a UK bank account number has 8 digits")
        if not holder or len(holder) > _HOLDER_MAX:
            problems.append(f"the account holder's name has 1 to {_HOLDER_MAX} characters")
        if problems:
            raise invalid("Invalid bank details: " + "; ".join(problems) + ".")
        return self._new_instruction(
            ledger,
            InstructionType.DIRECT_DEBIT,
            valid_from,
            vendor_reference=f"DDI-{ledger.number.removeprefix('L-')}-{account_number[-4:]}",
            account_holder=holder,
            sort_code=sort_code,
            bank_account_number=account_number,
        )

    def _new_instruction(
        self,
        ledger: Ledger,
        instruction_type: InstructionType,
        valid_from: datetime,
        vendor_reference: str,
        **bank: str,
    ) -> PaymentInstruction:
        # A new number that is already taken makes the save conflict; the retry draws another.
        instruction = PaymentInstruction.store(
            number=new_number(),
            account_number=ledger.account_number,
            ledger_number=ledger.number,
            instruction_type=instruction_type,
            valid_from=valid_from,
            vendor=SANDBOX_VENDOR,
            vendor_reference=vendor_reference,
            stored_at=self.clock.now(),
            **bank,
        )
        ledger.link_instruction(instruction.number, instruction_type.value, valid_from)
        return instruction
