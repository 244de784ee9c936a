"""The PaymentInstruction aggregate: how money may be collected for a ledger (a card or a direct debit).

Only what collecting and showing the instruction needs is kept: the provider's reference for a
card, the bank details of a direct debit (collections need them), and masked forms for display.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.payments.identifiers import entity_id
from domain.shared.digests import digest

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
        iban: str = "",
        account_user_id: str = "",
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
            iban=iban,
            account_user_id=account_user_id,
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
        # Added with setUpDirectDebitInstruction's IBAN and mandate holder; older events have neither.
        iban: str = ""
        account_user_id: str = ""

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
        iban: str = "",
        account_user_id: str = "",
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
        self.iban = iban
        self.account_user_id = account_user_id
        self.stored_at = stored_at
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


_SETUPS = uuid5(NAMESPACE_URL, "https://kraken-es/payments/instruction-setup/")


class SetupUnusable(LookupError):
    """A set-up token that is unknown, for another flow, expired or already used: nothing can be set up with it.

    Not a Kraken error: the hosted set-up page is the provider's, so this is said there, not on the API.
    `known`: the token was issued (and has expired or been used), rather than never."""

    def __init__(self, reason: str, *, known: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.known = known


class SetupFlow(StrEnum):
    EMBEDDED = "EMBEDDED"  # the client secret of the provider's embedded form
    HOSTED = "HOSTED"  # the one-use token of the hosted set-up page


class InstructionSetup(Aggregate):
    """A client secret or hosted-page token handed out to set up a new instruction.

    Only the secret's SHA-256 digest is recorded (it is also what the aggregate's id derives
    from): the events show who asked for which ledger and when, and whoever later presents the
    secret can be matched to it, but the store never holds a usable secret.
    """

    @staticmethod
    def id_for(secret: str) -> UUID:
        return uuid5(_SETUPS, digest(secret))

    @classmethod
    def issue(
        cls,
        secret: str,
        flow: SetupFlow,
        instruction_type: str,
        account_number: str,
        ledger_number: str,
        issued_at: datetime,
        expires_at: datetime,
        return_urls: dict[str, str] | None = None,
    ) -> InstructionSetup:
        return cls._create(
            cls.Issued,
            id=cls.id_for(secret),
            digest=digest(secret),
            flow=flow.value,
            instruction_type=instruction_type,
            account_number=account_number,
            ledger_number=ledger_number,
            issued_at=issued_at,
            expires_at=expires_at,
            return_urls=dict(return_urls or {}),
        )

    class Issued(Aggregate.Created):
        digest: str
        flow: str
        instruction_type: str
        account_number: str  # "" for a secret not tied to a customer
        ledger_number: str
        issued_at: datetime
        expires_at: datetime
        return_urls: dict[str, str]

    @event(Issued)
    def __init__(
        self,
        digest: str,
        flow: str,
        instruction_type: str,
        account_number: str,
        ledger_number: str,
        issued_at: datetime,
        expires_at: datetime,
        return_urls: dict[str, str],
    ) -> None:
        self.digest = digest
        self.flow = SetupFlow(flow)
        self.instruction_type = instruction_type
        self.account_number = account_number
        self.ledger_number = ledger_number
        self.expires_at = expires_at
        self.return_urls = return_urls
        self.instruction_number: int | None = None

    def refusal(self, at: datetime) -> str | None:
        """Why the set-up cannot be completed at `at`, or None if it can."""
        if self.instruction_number is not None:
            return "This set-up link has already been used."
        if at >= self.expires_at:
            return "This set-up link has expired."
        return None

    def complete(self, instruction_number: int, at: datetime) -> None:
        """Records the instruction the set-up created; a set-up completes once (SetupUnusable after)."""
        refusal = self.refusal(at)
        if refusal is not None:
            raise SetupUnusable(refusal, known=True)
        self._complete(instruction_number=instruction_number, completed_at=at)

    class Completed(Aggregate.Event):
        instruction_number: int
        completed_at: datetime

    @event(Completed)
    def _complete(self, instruction_number: int, completed_at: datetime) -> None:
        self.instruction_number = instruction_number
