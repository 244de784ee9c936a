"""The Payment aggregate: one collection of money for a ledger, from request to settlement.

A payment is requested (by collectPayment, or started by a standalone payment the customer
completes through the provider's form), may be amended while it waits, is submitted to the
provider under a key that never changes, and ends succeeded, failed or cancelled. Only a
succeeded payment moves money: the command that records it posts to the ledger in the same save.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.payments.errors import PaymentAmendmentAccessDenied, PaymentCollectionDataInvalid
from domain.payments.identifiers import entity_id
from domain.payments.limits import MoneyLimits


class PaymentStatus(StrEnum):
    REQUESTED = "REQUESTED"
    SUBMITTED = "SUBMITTED"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"


class PaymentOrigin(StrEnum):
    """Who takes the money: an instruction on file (collectPayment), or the customer through the
    provider's embedded form or hosted page (standalone payments, never submitted by us)."""

    COLLECTION = "COLLECTION"
    STANDALONE = "STANDALONE"
    HOSTED = "HOSTED"


# The limits a payment is checked against unless the application was given others.
DEFAULT_LIMITS = MoneyLimits()
SETTLED = frozenset({PaymentStatus.SUCCEEDED, PaymentStatus.FAILED, PaymentStatus.CANCELLED})


class PaymentWireStatus(StrEnum):
    """Kraken's AccountPaymentStatusOptions for a payment: a requested one waits SCHEDULED until its
    day, then is REQUESTED until it is handed to the provider."""

    SCHEDULED = "SCHEDULED"
    REQUESTED = "REQUESTED"
    PENDING = "PENDING"
    CLEARED = "CLEARED"
    FAILED = "FAILED"
    DELETED = "DELETED"


_WIRE_STATUS = {
    PaymentStatus.SUBMITTED: PaymentWireStatus.PENDING,
    PaymentStatus.SUCCEEDED: PaymentWireStatus.CLEARED,
    PaymentStatus.FAILED: PaymentWireStatus.FAILED,
    PaymentStatus.CANCELLED: PaymentWireStatus.DELETED,
}


def wire_status(status: PaymentStatus, payment_date: date, today: date) -> PaymentWireStatus:
    """How Kraken shows a payment `today` (the read side asks it of rows, the aggregate of itself)."""
    waiting = PaymentWireStatus.SCHEDULED if payment_date > today else PaymentWireStatus.REQUESTED
    return _WIRE_STATUS.get(status, waiting)


class Payment(Aggregate):
    KIND = "payment"

    @classmethod
    def id_for(cls, number: int) -> UUID:
        return entity_id(cls.KIND, number)

    @staticmethod
    def key_for(number: int) -> str:
        """The idempotency key the provider sees: one per payment, so a retried or redelivered
        submission finds the first charge instead of making another."""
        return f"payment:{number}"

    @classmethod
    def source_of(cls, number: int) -> str:
        """What the payment's ledger entry, and the room reserved for it, are recorded against."""
        return f"{cls.KIND}:{number}"

    @classmethod
    def request(
        cls,
        number: int,
        account_number: str,
        ledger_number: str,
        amount: int,
        payment_date: date,
        description: str,
        collection_method: str | None,
        origin: PaymentOrigin,
        requested_at: datetime,
        retrieval_token_digest: str = "",
        client_secret_digest: str = "",
        limits: MoneyLimits = DEFAULT_LIMITS,
    ) -> Payment:
        """A new payment: AmountInvalid outside the money limits, PaymentCollectionDataInvalid for a
        date already past."""
        limits.check(amount)
        _check_not_past(payment_date, requested_at)
        return cls._create(
            cls.Requested,
            id=cls.id_for(number),
            number=number,
            account_number=account_number,
            ledger_number=ledger_number,
            amount=amount,
            payment_date=payment_date,
            description=description,
            collection_method=collection_method,
            origin=origin.value,
            requested_at=requested_at,
            retrieval_token_digest=retrieval_token_digest,
            client_secret_digest=client_secret_digest,
        )

    class Requested(Aggregate.Created):
        number: int
        account_number: str
        ledger_number: str
        amount: int
        payment_date: date
        description: str
        collection_method: str | None
        origin: str
        requested_at: datetime
        # Standalone payments only: digests, so that the store never holds a usable secret.
        retrieval_token_digest: str
        client_secret_digest: str

    @event(Requested)
    def __init__(
        self,
        number: int,
        account_number: str,
        ledger_number: str,
        amount: int,
        payment_date: date,
        description: str,
        collection_method: str | None,
        origin: str,
        requested_at: datetime,
        retrieval_token_digest: str,
        client_secret_digest: str,
    ) -> None:
        self.number = number
        self.account_number = account_number
        self.ledger_number = ledger_number
        self.amount = amount
        self.payment_date = payment_date
        self.description = description
        self.collection_method = collection_method
        self.origin = PaymentOrigin(origin)
        self.requested_at = requested_at
        self.retrieval_token_digest = retrieval_token_digest
        self.client_secret_digest = client_secret_digest
        self.status = PaymentStatus.REQUESTED
        self.provider_key: str | None = None
        self.instruction_number: int | None = None
        self.instruction_type: str | None = None
        self.submitted_at: datetime | None = None
        self.reference: str | None = None
        self.failure_reason: str | None = None

    @property
    def settled(self) -> bool:
        return self.status in SETTLED

    def wire_status(self, today: date) -> PaymentWireStatus:
        return wire_status(self.status, self.payment_date, today)

    # Waiting ------------------------------------------------------------------------------------

    def amend(
        self, amount: int, payment_date: date, reason: str, amended_at: datetime, limits: MoneyLimits = DEFAULT_LIMITS
    ) -> None:
        """A new amount or date while the payment waits. What is sent to the provider cannot change,
        and the customer completes a standalone payment for the amount they were shown: refused as
        PaymentAmendmentAccessDenied (KT-CT-3924, the one code amendPayment has for a refusal)."""
        if self.origin is not PaymentOrigin.COLLECTION:
            raise PaymentAmendmentAccessDenied("A standalone payment cannot be amended.")
        if self.status is not PaymentStatus.REQUESTED:
            raise PaymentAmendmentAccessDenied(
                f"This payment can no longer be amended: payment {self.number} is {self.status.value.lower()}."
            )
        limits.check(amount)
        _check_not_past(payment_date, amended_at)
        self._amend(amount=amount, payment_date=payment_date, reason=reason, amended_at=amended_at)

    class Amended(Aggregate.Event):
        amount: int
        payment_date: date
        reason: str
        amended_at: datetime

    @event(Amended)
    def _amend(self, amount: int, payment_date: date, reason: str, amended_at: datetime) -> None:
        self.amount = amount
        self.payment_date = payment_date

    def cancel(self, reason: str, cancelled_at: datetime) -> None:
        if self.status is PaymentStatus.REQUESTED:
            self._cancel(reason=reason, cancelled_at=cancelled_at)

    class Cancelled(Aggregate.Event):
        reason: str
        cancelled_at: datetime

    @event(Cancelled)
    def _cancel(self, reason: str, cancelled_at: datetime) -> None:
        self.status = PaymentStatus.CANCELLED
        self.failure_reason = reason

    # With the provider ----------------------------------------------------------------------------

    def submit(self, instruction_number: int | None, instruction_type: str | None, submitted_at: datetime) -> None:
        """Hands the payment to the provider (no instruction for a standalone payment: the customer pays)."""
        if self.status is PaymentStatus.REQUESTED:
            self._submit(
                number=self.number,
                provider_key=Payment.key_for(self.number),
                amount=self.amount,
                instruction_number=instruction_number,
                instruction_type=instruction_type,
                submitted_at=submitted_at,
            )

    class Submitted(Aggregate.Event):
        number: int  # what the collection worker is handed
        provider_key: str
        amount: int
        instruction_number: int | None
        instruction_type: str | None
        submitted_at: datetime

    @event(Submitted)
    def _submit(
        self,
        number: int,
        provider_key: str,
        amount: int,
        instruction_number: int | None,
        instruction_type: str | None,
        submitted_at: datetime,
    ) -> None:
        self.status = PaymentStatus.SUBMITTED
        self.provider_key = provider_key
        self.instruction_number = instruction_number
        self.instruction_type = instruction_type
        self.submitted_at = submitted_at

    def accept(self, reference: str, accepted_at: datetime) -> None:
        """Records the provider's reference for the charge (once: the same key gives the same one)."""
        if self.status is PaymentStatus.SUBMITTED and self.reference is None:
            self._accept(reference=reference, accepted_at=accepted_at)

    class Accepted(Aggregate.Event):
        reference: str
        accepted_at: datetime

    @event(Accepted)
    def _accept(self, reference: str, accepted_at: datetime) -> None:
        self.reference = reference

    def succeed(self, succeeded_at: datetime) -> bool:
        """True when this records the success; a payment already settled stays as it is."""
        if self.status is not PaymentStatus.SUBMITTED:
            return False
        self._succeed(amount=self.amount, succeeded_at=succeeded_at)
        return True

    class Succeeded(Aggregate.Event):
        amount: int
        succeeded_at: datetime

    @event(Succeeded)
    def _succeed(self, amount: int, succeeded_at: datetime) -> None:
        self.status = PaymentStatus.SUCCEEDED

    def fail(self, reason: str, failed_at: datetime) -> None:
        # A payment that never reached the provider (no instruction at collection time) fails too.
        if self.status in (PaymentStatus.REQUESTED, PaymentStatus.SUBMITTED):
            self._fail(reason=reason, failed_at=failed_at)

    class Failed(Aggregate.Event):
        reason: str
        failed_at: datetime

    @event(Failed)
    def _fail(self, reason: str, failed_at: datetime) -> None:
        self.status = PaymentStatus.FAILED
        self.failure_reason = reason


def _check_not_past(payment_date: date, at: datetime) -> None:
    if payment_date < at.date():
        raise PaymentCollectionDataInvalid("The payment date is in the past.")
