"""Collections: one-off payments (now or on a future date), amendments, standalone payments the
customer completes with the provider, and the commands the collection worker records results with.

Money moves only when a payment succeeds: `record_payment_succeeded` records the success and the
ledger's PAYMENT entry in one save, and a second success for the same payment changes nothing.

Amounts are from 1 to the payment amount limit. The ledger's balance limit is decided when a payment
is handed to the provider: room for it is reserved on the ledger in the same save as the submission
(or, with no room, the payment is recorded failed before anything is charged), so that the success
always posts and a scheduled or redelivered collection never raises on the limit.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from domain.payments import commands
from domain.payments.errors import (
    CollectionMethodMissing,
    HostedPaymentLedgerNotIdentified,
    PaymentAmendmentAccessDenied,
    PaymentCollectionDataInvalid,
)
from domain.payments.identifiers import IdempotencyKey, new_number
from domain.payments.ledger import EntryKind, Ledger, LedgerLimitExceeded
from domain.payments.lookups import PaymentsLookups
from domain.payments.payment import Payment, PaymentOrigin, PaymentStatus
from domain.payments.payment_instruction import InstructionType, PaymentInstruction
from domain.shared.digests import digest

# Why a payment failed without the provider saying so.
NO_INSTRUCTION = "NO_PAYMENT_INSTRUCTION"
UNSETTLED = "SETTLEMENT_DEADLINE_PASSED"
OVER_AMOUNT_LIMIT = "AMOUNT_LIMIT_EXCEEDED"
OVER_LEDGER_LIMIT = "LEDGER_BALANCE_LIMIT_EXCEEDED"
_TOKEN_PREFIX = "rt_"


@dataclass(frozen=True, slots=True)
class StandalonePayment:
    """A standalone payment just initiated, with the secrets only its initiator ever sees."""

    payment: Payment
    retrieval_token: str
    client_secret: str


class CollectionCommands(PaymentsLookups):
    if TYPE_CHECKING:
        # Provided by InstructionCommands, which the joined Payments application also derives from.
        def instruction_for(
            self, ledger: Ledger, instruction_type: InstructionType | None, at: datetime
        ) -> PaymentInstruction | None: ...

    # Requests ----------------------------------------------------------------------------------

    def collect_payment(self, command: commands.CollectPayment) -> Payment:
        """A payment requested now or for a future date.

        The idempotency key is claimed in the same save as the payment: the same key with the same
        request returns the first payment (even when two requests race), with another request is
        IdempotencyKeyReused. A payment collected today needs a collection method and an active
        instruction of that type (PaymentCollectionDataInvalid); the payment guards its own amount and date.
        """
        method = self._collection_method(command.collection_method)
        key = command.idempotency_key.strip()
        scope = f"collect:{command.account_number}"

        def decide() -> tuple[Payment, list[Any]]:
            ledger = self.select_ledger(command.account_number, command.ledger_id, command.ledger_number)
            fingerprint = _fingerprint(
                ledger.number, command.amount, command.payment_date.isoformat(), command.description, method
            )
            if not key:
                raise PaymentCollectionDataInvalid("An idempotency key is required.")
            first = self.first_request(scope, key, fingerprint, "payment request")
            if first is not None:
                return self.load(Payment.id_for(first)), []
            now = self.clock.now()
            # After the key's lookup: a retry of a request accepted earlier gets its payment back.
            if command.payment_date == now.date():
                # Collected now: the seed's rule is that an instruction of the type given must exist.
                if method is None:
                    raise PaymentCollectionDataInvalid("A payment collected today needs a collectionMethod.")
                if self.instruction_for(ledger, method, now) is None:
                    raise PaymentCollectionDataInvalid(f"The ledger has no active {method.value} instruction.")
            payment = Payment.request(
                number=new_number(),
                account_number=command.account_number,
                ledger_number=ledger.number,
                amount=command.amount,
                payment_date=command.payment_date,
                description=command.description,
                collection_method=method.value if method else None,
                origin=PaymentOrigin.COLLECTION,
                requested_at=now,
                limits=self.limits,
            )
            return payment, [payment, IdempotencyKey.claim(scope, key, fingerprint, payment.number)]

        return self.decide(decide)

    def amend_payment(self, command: commands.AmendPayment) -> Payment:
        """A new amount or date for a payment of the account (PaymentAmendmentAccessDenied for none)."""

        def decide() -> tuple[Payment, list[Any]]:
            payment: Payment | None = self.entity(Payment.KIND, command.payment_id)
            if payment is None or payment.account_number != command.account_number:
                raise PaymentAmendmentAccessDenied(
                    f"No payment {command.payment_id} on account {command.account_number}."
                )
            payment.amend(command.amount, command.payment_date, command.reason, self.clock.now(), self.limits)
            return payment, [payment]

        return self.decide(decide)

    def initiate_standalone_payment(self, command: commands.InitiateStandalonePayment) -> StandalonePayment:
        """A payment the customer completes in the provider's embedded form (with the client secret)."""
        return self._standalone(command, PaymentOrigin.STANDALONE)

    def initiate_hosted_standalone_payment(
        self, command: commands.InitiateHostedStandalonePayment
    ) -> StandalonePayment:
        """A payment the customer completes on the provider's hosted page (KT-CT-3958: exactly one
        of ledger ID and number; KT-CT-3957: the hosted page collects by card only)."""
        given_id = command.ledger_id not in (None, "")
        given_number = command.ledger_number not in (None, "")
        if given_id == given_number:
            raise HostedPaymentLedgerNotIdentified()
        return self._standalone(command, PaymentOrigin.HOSTED)

    def _standalone(
        self,
        command: commands.InitiateStandalonePayment | commands.InitiateHostedStandalonePayment,
        origin: PaymentOrigin,
    ) -> StandalonePayment:
        # The account's main ledger when none is named (ledgerId "will be mandatory in future versions").
        ledger = self.select_ledger(
            command.account_number, command.ledger_id, command.ledger_number, main_by_default=True
        )
        method = self._collection_method(command.collection_method) or InstructionType.CARD
        if origin is PaymentOrigin.HOSTED and method is not InstructionType.CARD:
            raise CollectionMethodMissing("The hosted payment page has no collection method but CARD.")
        self.limits.check(command.amount)
        if not ledger.fits(command.amount, self.limits.ledger_balance):
            raise PaymentCollectionDataInvalid(f"Ledger {ledger.number} has no room for {command.amount} more.")

        def decide() -> tuple[StandalonePayment, list[Any]]:
            number = new_number()
            token = f"{_TOKEN_PREFIX}{number}_{secrets.token_urlsafe(24)}"
            secret = f"{token}_secret_{secrets.token_urlsafe(24)}"
            now = self.clock.now()
            payment = Payment.request(
                number=number,
                account_number=command.account_number,
                ledger_number=ledger.number,
                amount=command.amount,
                payment_date=now.date(),
                description=command.description,
                collection_method=method.value,
                origin=origin,
                requested_at=now,
                retrieval_token_digest=digest(token),
                client_secret_digest=digest(secret),
                limits=self.limits,
            )
            return StandalonePayment(payment, token, secret), [payment]

        return self.decide(decide)

    def standalone_payment(self, retrieval_token: str) -> Payment | None:
        """The standalone payment the retrieval token was issued for, or None."""
        payment: Payment | None = self.entity(Payment.KIND, _number_in(retrieval_token))
        if (
            payment is None
            or payment.origin is PaymentOrigin.COLLECTION
            or not secrets.compare_digest(payment.retrieval_token_digest, digest(retrieval_token))
        ):
            return None
        return payment

    def complete_standalone_payment(self, retrieval_token: str, reference: str) -> Payment:
        """The provider confirmed that the customer paid a standalone payment (an operator's or a
        provider webhook's command): it is submitted under the provider's reference, and the
        collection worker settles it like any other."""

        def decide() -> tuple[Payment, list[Any]]:
            payment = self.standalone_payment(retrieval_token)
            if payment is None:
                raise LookupError("No standalone payment has this retrieval token.")
            now = self.clock.now()
            if payment.status is not PaymentStatus.REQUESTED:
                return payment, []
            ledger: Ledger = self.load(Ledger.id_for(payment.ledger_number))
            payment.submit(None, payment.collection_method, now)
            payment.accept(reference, now)
            try:
                ledger.reserve(Payment.source_of(payment.number), payment.amount, limit=self.limits.ledger_balance)
            except LedgerLimitExceeded:
                # The customer has paid already: the reference stays with the failure, for the refund.
                payment.fail(OVER_LEDGER_LIMIT, now)
            return payment, [payment, ledger]

        return self.decide(decide)

    # The collection worker's commands ---------------------------------------------------------------

    def payment(self, number: int) -> Payment | None:
        found: Payment | None = self.entity(Payment.KIND, number)
        return found

    def submit_payment(self, number: int) -> Payment | None:
        """Submits a requested payment whose day has come (see `submitted`): the scheduler's command."""

        def decide() -> tuple[Payment | None, list[Any]]:
            payment = self.payment(number)
            return payment, self.submitted(payment)

        return self.decide(decide)

    def submitted(self, payment: Payment | None) -> list[Any]:
        """What submitting a requested payment whose day has come changes, to be saved together: the
        payment, submitted with the instruction that collects for its ledger now (failed if there is
        none) and the room reserved for it on its ledger. Nothing for one not due, standalone or
        already submitted, so the Payments policy and the scheduler may both ask."""
        now = self.clock.now()
        if (
            payment is None
            or payment.status is not PaymentStatus.REQUESTED
            or payment.origin is not PaymentOrigin.COLLECTION
            or payment.payment_date > now.date()
        ):
            return []
        ledger: Ledger = self.load(Ledger.id_for(payment.ledger_number))
        method = InstructionType(payment.collection_method) if payment.collection_method else None
        instruction = self.instruction_for(ledger, method, now)
        if instruction is None:
            payment.fail(NO_INSTRUCTION, now)
            return [payment]
        # Requested before the limits existed, or before an operator lowered them.
        if not self.limits.allows(payment.amount):
            payment.fail(OVER_AMOUNT_LIMIT, now)
            return [payment]
        try:
            ledger.reserve(Payment.source_of(payment.number), payment.amount, limit=self.limits.ledger_balance)
        except LedgerLimitExceeded:
            payment.fail(OVER_LEDGER_LIMIT, now)
            return [payment]
        payment.submit(instruction.number, instruction.instruction_type.value, now)
        return [payment, ledger]

    def instruction_of(self, payment: Payment) -> PaymentInstruction | None:
        """The instruction a submitted payment is collected with."""
        found: PaymentInstruction | None = self.entity(PaymentInstruction.KIND, payment.instruction_number)
        return found

    def record_payment_accepted(self, number: int, reference: str) -> Payment:
        return self._change_payment(number, lambda payment, now: payment.accept(reference, now))

    def record_payment_succeeded(
        self, number: int, reference: str | None = None, *, read: Sequence[Payment | Ledger] = ()
    ) -> Payment:
        """The success and the ledger's PAYMENT entry, in one save; once only. A `reference` not
        recorded yet (the provider settled at its first status query) is recorded in the same save.

        `read`: the payment and its ledger as the caller has just read them. The first attempt decides
        from them rather than read them again; should either have moved since, the save conflicts
        and the next attempt reads both afresh."""
        first = {type(aggregate): aggregate for aggregate in read}

        def decide() -> tuple[Payment, list[Any]]:
            read_payment = first.pop(Payment, None)
            payment = read_payment if isinstance(read_payment, Payment) else self._existing(number)
            if payment.status is not PaymentStatus.SUBMITTED:
                return payment, []
            now = self.clock.now()
            if reference is not None:
                payment.accept(reference, now)
            ledger = first.pop(Ledger, None)
            if not isinstance(ledger, Ledger) or ledger.number != payment.ledger_number:
                ledger = self.load(Ledger.id_for(payment.ledger_number))
            source = Payment.source_of(payment.number)
            reason_code = payment.instruction_type or payment.collection_method or "PAYMENT"
            if ledger.is_reserved(source):
                payment.succeed(now)
                ledger.post_reserved(EntryKind.PAYMENT, source, reason_code, now)
            elif ledger.fits(payment.amount, self.limits.ledger_balance):
                # Submitted before room was reserved for payments: posted if it fits all the same.
                payment.succeed(now)
                limit = self.limits.ledger_balance
                ledger.post(EntryKind.PAYMENT, payment.amount, reason_code, source, now, limit=limit)
            else:
                # Raising would have the worker ask again for ever; the reference stays with the failure.
                payment.fail(OVER_LEDGER_LIMIT, now)
            return payment, [payment, ledger]

        return self.decide(decide)

    def record_payment_failed(self, number: int, reason: str, reference: str | None = None) -> Payment:
        """The provider's refusal; the room reserved for the payment is free again, in the same save,
        as is a `reference` not recorded yet (kept with the failure, for a refund)."""

        def decide() -> tuple[Payment, list[Any]]:
            payment = self._existing(number)
            changed: list[Any] = [payment]
            if payment.status is PaymentStatus.SUBMITTED:
                if reference is not None:
                    payment.accept(reference, self.clock.now())
                ledger: Ledger = self.load(Ledger.id_for(payment.ledger_number))
                ledger.release(Payment.source_of(payment.number))
                changed.append(ledger)
            payment.fail(reason, self.clock.now())
            return payment, changed

        return self.decide(decide)

    def expire_payment(self, number: int, deadline: timedelta) -> bool:
        """Fails a submitted payment still unsettled `deadline` after its submission (retries are
        exhausted); True when the payment is settled now, by this or before."""

        def decide() -> tuple[bool, list[Any]]:
            payment = self._existing(number)
            now = self.clock.now()
            if payment.settled:
                return True, []
            if payment.submitted_at is None or now < payment.submitted_at + deadline:
                return False, []
            ledger: Ledger = self.load(Ledger.id_for(payment.ledger_number))
            ledger.release(Payment.source_of(payment.number))
            payment.fail(UNSETTLED, now)
            return True, [payment, ledger]

        return self.decide(decide)

    def cancel_payment(self, number: int, reason: str) -> Payment:
        """An operator's command: a payment not yet submitted will not be collected."""
        return self._change_payment(number, lambda payment, now: payment.cancel(reason, now))

    def _change_payment(self, number: int, change: Any) -> Payment:
        def decide() -> tuple[Payment, list[Any]]:
            payment = self._existing(number)
            change(payment, self.clock.now())
            return payment, [payment]

        return self.decide(decide)

    def _existing(self, number: int) -> Payment:
        payment = self.payment(number)
        if payment is None:
            raise LookupError(f"No payment {number}.")
        return payment

    @staticmethod
    def _collection_method(given: str | None) -> InstructionType | None:
        if not given:
            return None
        try:
            return InstructionType(given)
        except ValueError:
            raise PaymentCollectionDataInvalid(f"Payments are not collected by {given}.") from None


def _fingerprint(*request: object) -> str:
    return digest(json.dumps([str(part) if part is not None else None for part in request]))


def _number_in(retrieval_token: str) -> int:
    number, _, _ = retrieval_token.removeprefix(_TOKEN_PREFIX).partition("_")
    return int(number) if number.isdigit() else 0
