"""Payment instructions: storing a card set up through the provider, setting up a direct debit,
invalidating either, and choosing the one that collects a ledger's payments."""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta
from typing import Any

from domain.payments import commands
from domain.payments.errors import (
    DirectDebitAccountUserNotFound,
    DirectDebitBusinessNotFound,
    DirectDebitInstructionDataInvalid,
    PaymentAccountAccessDenied,
    PaymentInstructionAccessDenied,
)
from domain.payments.identifiers import new_number, parse_number
from domain.payments.ledger import Ledger
from domain.payments.lookups import PaymentsLookups
from domain.payments.payment_instruction import (
    SANDBOX_VENDOR,
    InstructionSetup,
    InstructionStatus,
    InstructionType,
    PaymentInstruction,
    SetupFlow,
    SetupUnusable,
)

_SEPARATORS = re.compile(r"[\s-]")
# BACS carries at most 18 characters of the payer's name.
_HOLDER_MAX = 18
# A GB IBAN: GB, two check digits, the bank's four letters, the sort code, the account number.
_GB_IBAN = re.compile(r"GB[0-9]{2}[A-Z]{4}([0-9]{6})([0-9]{8})")
# BankDetailsInput.accountType: who the account belongs to. We keep no business records, so a
# business account cannot hold a mandate here (KT-CT-11103).
_PERSONAL_ACCOUNT_TYPES = {"", "PERSONAL", "INDIVIDUAL"}
_BUSINESS_ACCOUNT_TYPES = {"BUSINESS", "COMPANY", "CORPORATE"}
# The provider's embedded form and hosted page are opened at once: their secrets are short-lived.
SETUP_SECRET_TTL = timedelta(hours=1)


def iban_is_valid(iban: str) -> bool:
    """ISO 13616's check: the IBAN, its first four characters moved to the end, read as a number
    with letters as 10..35, leaves 1 modulo 97."""
    rearranged = iban[4:] + iban[:4]
    if not rearranged.isalnum() or not rearranged.isascii():
        return False
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


class InstructionCommands(PaymentsLookups):
    def store_payment_instruction(self, command: commands.StorePaymentInstruction) -> PaymentInstruction:
        instruction_type = _instruction_type(command.instruction_type, command.account_number)
        reference = command.vendor_reference.strip()
        if not reference:
            raise PaymentAccountAccessDenied("The provider's reference for the payment method is empty.")

        def decide() -> tuple[PaymentInstruction, list[Any]]:
            # ledgerId "will be mandatory in future versions": the main ledger until then.
            ledger = self.select_ledger(
                command.account_number, command.ledger_id, command.ledger_number, main_by_default=True
            )
            instruction = self._new_instruction(
                ledger, instruction_type, command.valid_from, vendor_reference=reference
            )
            return instruction, [ledger, instruction]

        return self.decide(decide)

    def set_up_direct_debit_instruction(self, command: commands.SetUpDirectDebitInstruction) -> PaymentInstruction:
        def decide() -> tuple[PaymentInstruction, list[Any]]:
            ledger = self.select_ledger(command.account_number, command.ledger_id, command.ledger_number)
            account_type = " ".join(command.bank_details.account_type.split()).upper()
            if account_type in _BUSINESS_ACCOUNT_TYPES:
                raise DirectDebitBusinessNotFound(
                    f"Account {command.account_number} has no business record to hold a business account's mandate."
                )
            if account_type not in _PERSONAL_ACCOUNT_TYPES:
                raise DirectDebitInstructionDataInvalid(
                    f"Unknown bank account type {command.bank_details.account_type!r}."
                )
            if not command.account_user_id:
                raise DirectDebitAccountUserNotFound(
                    f"Account {command.account_number} has no account user to hold the direct debit mandate."
                )
            instruction = self._new_direct_debit(
                ledger, command.bank_details, command.valid_from, account_user_id=command.account_user_id
            )
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

    def get_embedded_secret_for_new_payment_instruction(
        self, command: commands.GetEmbeddedSecretForNewPaymentInstruction
    ) -> str:
        """The client secret of the provider's embedded form, for a new instruction on the ledger."""
        instruction_type = _instruction_type(command.instruction_type, command.account_number)

        def decide() -> tuple[str, list[Any]]:
            # ledgerId "will be mandatory in future versions": the main ledger until then.
            ledger = self.select_ledger(
                command.account_number, command.ledger_id, command.ledger_number, main_by_default=True
            )
            return self._issue_setup(SetupFlow.EMBEDDED, instruction_type.value, ledger.account_number, ledger.number)

        return self.decide(decide)

    def get_embedded_secret_for_new_payment_instruction_without_account(
        self, command: commands.GetEmbeddedSecretForNewPaymentInstructionWithoutAccount
    ) -> str:
        """A client secret not tied to a customer (a checkout before the account exists).

        Nothing is recorded: the secret names no account or ledger, so there is nothing to audit,
        and callers need no login, so recording would let anyone grow the event store at will.
        """
        return _new_secret(SetupFlow.EMBEDDED)

    def get_hosted_url_for_new_payment_instruction(self, command: commands.GetHostedUrlForNewPaymentInstruction) -> str:
        """The one-use token of the hosted set-up page (the API makes it a URL), with where to return."""
        instruction_type = _instruction_type(command.instruction_type, command.account_number)
        returns = {
            "success": command.return_url_success,
            "failure": command.return_url_failure,
            "error": command.return_url_error,
            "cancel": command.return_url_cancel,
        }

        def decide() -> tuple[str, list[Any]]:
            ledger = self.select_ledger(command.account_number, None, command.ledger_number)
            return self._issue_setup(
                SetupFlow.HOSTED,
                instruction_type.value,
                ledger.account_number,
                ledger.number,
                {name: url for name, url in returns.items() if url},
            )

        return self.decide(decide)

    def hosted_instruction_setup(self, token: str) -> InstructionSetup:
        """The set-up the hosted page's token was issued for, while it can be completed; SetupUnusable otherwise."""
        setup = self._hosted_setup(token)
        refusal = setup.refusal(self.clock.now())
        if refusal is not None:
            raise SetupUnusable(refusal, known=True)
        return setup

    def complete_hosted_instruction_setup(self, command: commands.CompleteHostedInstructionSetup) -> PaymentInstruction:
        """Stores the instruction the provider recorded on its hosted page, and uses up the token in the
        same save (of two completions racing, the second one's save conflicts and its retry is refused).
        Completing again with the provider's same reference (the page submitted twice) returns the first
        instruction; DirectDebitInstructionDataInvalid for bank details the domain refuses."""
        reference = command.vendor_reference.strip()
        if not reference:
            raise SetupUnusable("The provider's reference for the payment method is empty.")

        def decide() -> tuple[PaymentInstruction, list[Any]]:
            setup = self._hosted_setup(command.token)
            done: PaymentInstruction | None = self.entity(PaymentInstruction.KIND, setup.instruction_number)
            if done is not None and secrets.compare_digest(done.vendor_reference, reference):
                return done, []
            now = self.clock.now()
            refusal = setup.refusal(now)
            if refusal is not None:
                raise SetupUnusable(refusal, known=True)
            ledger: Ledger = self.load(Ledger.id_for(setup.ledger_number))
            if setup.instruction_type == InstructionType.DIRECT_DEBIT:
                if command.bank_details is None:
                    raise DirectDebitInstructionDataInvalid("A direct debit needs the bank account's details.")
                instruction = self._new_direct_debit(ledger, command.bank_details, now, vendor_reference=reference)
            else:
                instruction = self._new_instruction(
                    ledger, InstructionType(setup.instruction_type), now, vendor_reference=reference
                )
            setup.complete(instruction.number, now)
            return instruction, [ledger, instruction, setup]

        return self.decide(decide)

    def _hosted_setup(self, token: str) -> InstructionSetup:
        setup: InstructionSetup | None = self.find(InstructionSetup.id_for(token))
        # An embedded form's client secret is completed in that form (storePaymentInstruction), not here.
        if setup is None or setup.flow is not SetupFlow.HOSTED:
            raise SetupUnusable("This set-up link is not valid.")
        return setup

    def _issue_setup(
        self,
        flow: SetupFlow,
        instruction_type: str,
        account_number: str,
        ledger_number: str,
        return_urls: dict[str, str] | None = None,
    ) -> tuple[str, list[Any]]:
        secret = _new_secret(flow)
        now = self.clock.now()
        setup = InstructionSetup.issue(
            secret,
            flow,
            instruction_type,
            account_number,
            ledger_number,
            issued_at=now,
            expires_at=now + SETUP_SECRET_TTL,
            return_urls=return_urls,
        )
        return secret, [setup]

    def instruction_for(
        self, ledger: Ledger, instruction_type: InstructionType | None, at: datetime
    ) -> PaymentInstruction | None:
        """The active instruction that collects for `ledger` at `at` (see Ledger.instruction_for)."""
        number = ledger.instruction_for(instruction_type.value if instruction_type else None, at)
        instruction: PaymentInstruction | None = self.entity(PaymentInstruction.KIND, number)
        return instruction if instruction and instruction.status is InstructionStatus.ACTIVE else None

    # Shared with the schedule commands (createDirectDebitInstructionAndSchedule) --------------

    def _new_direct_debit(
        self,
        ledger: Ledger,
        details: commands.BankDetails,
        valid_from: datetime,
        account_user_id: str = "",
        vendor_reference: str = "",
    ) -> PaymentInstruction:
        """A new direct debit instruction on `ledger` (not yet saved); DirectDebitInstructionDataInvalid
        for bad details. `vendor_reference`: the provider's mandate, when the provider set it up (its
        hosted page); our own reference for the mandate otherwise.

        The bank account is a sort code and an account number, or a GB IBAN carrying both (when
        both forms are given they must name the same account).
        """
        sort_code = _SEPARATORS.sub("", details.sort_code)
        account_number = _SEPARATORS.sub("", details.account_number)
        iban = _SEPARATORS.sub("", details.iban).upper()
        holder = " ".join(details.account_holder.split())
        problems = []
        if iban:
            match = _GB_IBAN.fullmatch(iban)
            if match is None or not iban_is_valid(iban):
                raise DirectDebitInstructionDataInvalid("Invalid bank details: the IBAN is not a valid GB IBAN.")
            if (sort_code or match[1]) != match[1] or (account_number or match[2]) != match[2]:
                raise DirectDebitInstructionDataInvalid(
                    "Invalid bank details: the IBAN names another account than the sort code and number."
                )
            sort_code, account_number = match[1], match[2]
        if not (len(sort_code) == 6 and sort_code.isdigit()):
            problems.append("a sort code has 6 digits")
        if not (len(account_number) == 8 and account_number.isdigit()):
            problems.append("a UK bank account number has 8 digits")
        if not holder or len(holder) > _HOLDER_MAX:
            problems.append(f"the account holder's name has 1 to {_HOLDER_MAX} characters")
        if problems:
            raise DirectDebitInstructionDataInvalid("Invalid bank details: " + "; ".join(problems) + ".")
        return self._new_instruction(
            ledger,
            InstructionType.DIRECT_DEBIT,
            valid_from,
            vendor_reference=vendor_reference or f"DDI-{ledger.number.removeprefix('L-')}-{account_number[-4:]}",
            account_holder=holder,
            sort_code=sort_code,
            bank_account_number=account_number,
            iban=iban,
            account_user_id=account_user_id,
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


def _new_secret(flow: SetupFlow) -> str:
    # 256 random bits: the secret is the only thing that proves who may finish the set-up.
    return f"{'seti' if flow is SetupFlow.EMBEDDED else 'hpi'}_{secrets.token_urlsafe(32)}"


def _instruction_type(given: str, account_number: str) -> InstructionType:
    """The instruction types this server can collect with; other PaymentType values are refused as the
    account not taking them (KT-CT-4177, the code these mutations had for it)."""
    try:
        return InstructionType(given)
    except ValueError:
        raise PaymentAccountAccessDenied(
            f"Account {account_number} cannot hold {given} payment instructions."
        ) from None
