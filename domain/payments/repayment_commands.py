"""Repayments: customers asking for their credit back, operators approving them, and the payout's outcome.

Approval: a request up to the server's auto-approval limit (KRAKEN_REPAYMENT_AUTO_APPROVE_LIMIT, in
minor units) is approved in the same save as it is requested; a larger one stays REQUESTED until an
operator approves or rejects it (`kraken repayment approve|reject`). The credit available is the
ledger's balance less what its open requests already reserve, so two requests cannot both spend it.
The ledger's REPAYMENT entry is posted once, when the payout starts, with room reserved on the
ledger to take the money back: a failed payout's FAILED_REPAYMENT_REVERSAL then always fits within
the ledger's balance limit, and a paid one frees that room.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from domain.payments import commands
from domain.payments.errors import (
    AmountInvalid,
    RepaymentNotPayable,
    RepaymentRequestAccessDenied,
    RepaymentRequestNotFound,
)
from domain.payments.identifiers import IdempotencyKey, new_number, parse_number
from domain.payments.ledger import CURRENCY, EntryKind, Ledger, LedgerLimitExceeded
from domain.payments.lookups import PaymentsLookups
from domain.payments.payment_instruction import InstructionStatus, InstructionType, PaymentInstruction
from domain.payments.repayment_request import (
    LedgerRepayments,
    RepaymentMethod,
    RepaymentRequest,
    RepaymentState,
    repayable,
)

REPAYMENT_REASON = "REPAYMENT"
REVERSAL_REASON = "FAILED_REPAYMENT_REVERSAL"
_KEY_SCOPE = "repayment"


@dataclass(frozen=True, slots=True)
class PayoutOrder:
    """What the payout worker hands to the provider; `reference` is empty until the provider answered."""

    request_id: str
    idempotency_key: str
    amount: int
    currency: str
    method: str
    payee: str
    destination: str
    started_at: datetime
    reference: str


class RepaymentCommands(PaymentsLookups):
    # Customers' commands (submitRepaymentRequest, cancelRepaymentRequest) ------------------------

    def submit_repayment_request(self, command: commands.SubmitRepaymentRequest) -> RepaymentRequest:
        method = RepaymentMethod(command.method)
        # Keys are the account's own: two customers choosing the same key do not collide.
        scope = f"{_KEY_SCOPE}:{command.account_number}"

        def decide() -> tuple[RepaymentRequest, list[Any]]:
            ledger = self.select_ledger(command.account_number, command.ledger_id, command.ledger_number)
            fingerprint = f"{ledger.number}|{command.amount}|{method.value}|{command.reason}"
            first = self.first_request(scope, command.idempotency_key, fingerprint, "repayment request")
            if first is not None:
                return self.load(RepaymentRequest.id_for(first)), []
            book: LedgerRepayments = self.find(LedgerRepayments.id_for(ledger.number)) or LedgerRepayments.open(
                ledger.number
            )
            # After the key's lookup: a retry of a request accepted earlier gets its request back.
            self.limits.check(command.amount)
            available = repayable(ledger.balance, book.outstanding, self.limits)
            if command.amount > available:
                raise AmountInvalid(f"A repayment must be positive and at most the credit available ({available}).")
            now = self.clock.now()
            # A number already taken makes the save conflict, and the retry draws another one.
            request = RepaymentRequest.request(
                number=new_number(),
                account_number=ledger.account_number,
                ledger_number=ledger.number,
                amount=command.amount,
                method=method,
                reason=command.reason,
                idempotency_key=command.idempotency_key,
                requested_at=now,
            )
            book.reserve(request_number=request.number, amount=command.amount)
            if command.amount <= command.auto_approve_limit:
                request.approve(approved_at=now, approved_by=f"auto-approval up to {command.auto_approve_limit}")
            claimed = IdempotencyKey.claim(scope, command.idempotency_key, fingerprint, request.number)
            return request, [request, book, claimed]

        return self.decide(decide)

    def repayment_account_of(self, request_id: str) -> str:
        """The account a request belongs to, for the caller to authorise (KT-CT-3930 if none)."""
        return self._repayment(request_id).account_number

    def cancel_repayment_request(self, command: commands.CancelRepaymentRequest) -> RepaymentRequest:
        def decide() -> tuple[RepaymentRequest, list[Any]]:
            request = self._repayment(command.request_id)
            if request.account_number != command.account_number:
                raise RepaymentRequestAccessDenied(f"Repayment request {command.request_id} is not on this account.")
            book: LedgerRepayments = self.load(LedgerRepayments.id_for(request.ledger_number))
            request.cancel(cancelled_at=self.clock.now())
            book.release(request.number)
            return request, [request, book]

        return self.decide(decide)

    # Operators' commands (kraken repayment approve|reject) --------------------------------------

    def approve_repayment_request(self, request_id: str, by: str = "operator") -> RepaymentRequest:
        def decide() -> tuple[RepaymentRequest, list[Any]]:
            request = self._repayment(request_id)
            request.check_awaiting_approval()
            ledger: Ledger = self.load(Ledger.id_for(request.ledger_number))
            book: LedgerRepayments = self.load(LedgerRepayments.id_for(request.ledger_number))
            # The balance may have fallen since the request (a bill issued): never approve past it.
            if ledger.balance < book.outstanding:
                raise RepaymentNotPayable(
                    f"Ledger {ledger.number} holds {ledger.balance}, less than its open requests ({book.outstanding})."
                )
            request.approve(approved_at=self.clock.now(), approved_by=by)
            return request, [request]

        return self.decide(decide)

    def reject_repayment_request(self, request_id: str, reason: str) -> RepaymentRequest:
        def decide() -> tuple[RepaymentRequest, list[Any]]:
            request = self._repayment(request_id)
            book: LedgerRepayments = self.load(LedgerRepayments.id_for(request.ledger_number))
            request.reject(rejected_at=self.clock.now(), reason=reason)
            book.release(request.number)
            return request, [request, book]

        return self.decide(decide)

    # The payout worker's commands -----------------------------------------------------------------

    def start_repayment_payout(self, request_id: str) -> PayoutOrder | None:
        """Hands an approved request to the payout (it can no longer be cancelled from then on).

        None when there is nothing to pay out: cancelled, rejected, settled, or a bank transfer
        with no bank details on the ledger (then recorded as a failed payout). Called again for a
        started payout it gives the same order back, so a redelivered message resumes it.
        """

        def decide() -> tuple[PayoutOrder | None, list[Any]]:
            request = self._repayment(request_id)
            if request.state is RepaymentState.PAYING:
                return self._payout_order(request), []
            if request.state is not RepaymentState.APPROVED:
                return None, []
            now = self.clock.now()
            destination = self._payout_destination(request, now)
            # From here the request holds no credit back: either it fails, or its money leaves the
            # ledger now, before the provider is asked. The ledger's own version guards the balance:
            # a charge posted meanwhile makes this save conflict, and the retry sees it.
            book: LedgerRepayments = self.load(LedgerRepayments.id_for(request.ledger_number))
            book.release(request.number)
            if destination is None:
                request.record_failed(failed_at=now, failure_code="no_bank_details")
                return None, [request, book]
            ledger: Ledger = self.load(Ledger.id_for(request.ledger_number))
            if ledger.balance < request.amount:
                request.record_failed(failed_at=now, failure_code="insufficient_credit")
                return None, [request, book]
            payee, where = destination
            source = _source_of(request)
            try:
                ledger.pay_out(request.amount, REPAYMENT_REASON, source, now, limit=self.limits.ledger_balance)
            except LedgerLimitExceeded:
                # Only the lower limit can refuse it, and credit never takes a ledger below zero:
                # recorded rather than raised, so that the payout worker is not asked for ever.
                request.record_failed(failed_at=now, failure_code="ledger_balance_limit")
                return None, [request, book]
            request.start_payout(started_at=now, idempotency_key=source, payee=payee, destination=where)
            return self._payout_order(request), [request, book, ledger]

        return self.decide(decide)

    def record_repayment_payout_submitted(self, request_id: str, reference: str) -> None:
        def decide() -> tuple[None, list[Any]]:
            request = self._repayment(request_id)
            recorded = request.record_submitted(submitted_at=self.clock.now(), reference=reference)
            return None, [request] if recorded else []

        self.decide(decide)

    def settle_repayment_payout(
        self, request_id: str, outcome: str, failure_code: str | None, deadline: timedelta
    ) -> RepaymentState:
        """Records what the provider says of the payout (SUCCEEDED, FAILED or PENDING).

        A payout still pending `deadline` after it started is recorded as failed, so that a
        payout the provider never settles does not keep its credit reserved for ever.
        """

        def decide() -> tuple[RepaymentState, list[Any]]:
            request = self._repayment(request_id)
            if request.state is not RepaymentState.PAYING:
                return request.state, []
            now = self.clock.now()
            source = _source_of(request)
            ledger: Ledger = self.load(Ledger.id_for(request.ledger_number))
            if outcome == "SUCCEEDED":
                request.record_paid(paid_at=now)  # the ledger was debited when the payout started
                ledger.release(source)  # the money will not come back
                return request.state, [request, ledger]
            if outcome == "FAILED":
                request.record_failed(failed_at=now, failure_code=failure_code or "failed")
            elif request.payout_started_at is not None and now >= request.payout_started_at + deadline:
                request.record_failed(failed_at=now, failure_code="settle_deadline")
            else:
                return request.state, []
            # The money never left: it comes back to the ledger, as Kraken's FAILED_REPAYMENT_REVERSAL.
            if ledger.is_reserved(source):
                ledger.post_reserved(EntryKind.REPAYMENT, source, REVERSAL_REASON, now)
            elif ledger.fits(request.amount, self.limits.ledger_balance):
                # Started before room was reserved for payouts: posted if it fits all the same.
                ledger.post(
                    EntryKind.REPAYMENT, request.amount, REVERSAL_REASON, source, now, limit=self.limits.ledger_balance
                )
            else:
                ledger.refuse_entry(EntryKind.REPAYMENT, request.amount, REVERSAL_REASON, source, now)
            return request.state, [request, ledger]

        return self.decide(decide)

    # Lookups --------------------------------------------------------------------------------------

    def repayment_request(self, request_id: str) -> RepaymentRequest | None:
        found: RepaymentRequest | None = self.entity(RepaymentRequest.KIND, parse_number(request_id))
        return found

    def _repayment(self, request_id: str) -> RepaymentRequest:
        request = self.repayment_request(request_id)
        if request is None:
            raise RepaymentRequestNotFound(f"No repayment request {request_id}.")
        return request

    def _payout_destination(self, request: RepaymentRequest, at: datetime) -> tuple[str, str] | None:
        """Who is paid and where: a bank transfer goes to the ledger's direct debit bank account."""
        if request.method is RepaymentMethod.CHEQUE:
            # The provider posts cheques to the account's billing address, which it looks up.
            return request.account_number, f"postal:{request.account_number}"
        ledger: Ledger = self.load(Ledger.id_for(request.ledger_number))
        number = ledger.instruction_for(InstructionType.DIRECT_DEBIT.value, at)
        instruction: PaymentInstruction | None = self.entity(PaymentInstruction.KIND, number)
        if instruction is None or instruction.status is not InstructionStatus.ACTIVE:
            return None
        return instruction.account_holder, f"{instruction.sort_code}/{instruction.bank_account_number}"

    @staticmethod
    def _payout_order(request: RepaymentRequest) -> PayoutOrder:
        started = request.payout_started_at
        assert started is not None, request.number
        return PayoutOrder(
            request_id=str(request.number),
            idempotency_key=request.payout_key,
            amount=request.amount,
            currency=CURRENCY,
            method=request.method.value,
            payee=request.payout_payee,
            destination=request.payout_destination,
            started_at=started,
            reference=request.payout_reference,
        )


def _source_of(request: RepaymentRequest) -> str:
    """The payout's idempotency key, and what its ledger entries and reserved room are recorded against."""
    return f"repayment:{request.number}"
