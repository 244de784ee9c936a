"""The RepaymentRequest aggregate: money a customer asked to have paid back out of their ledger's credit.

Its story: Requested; then Approved (at once up to the auto-approval limit, else by an operator) or
Rejected; Cancelled by the customer while no payout has started; once approved, the payout worker
records PayoutStarted (from then on it cannot be cancelled: money may be moving), PayoutSubmitted
with the provider's reference, and finally Paid (the ledger's REPAYMENT entry is in the same save)
or PayoutFailed (nothing was posted, so nothing needs reversing).

What is still owed on a ledger's requests is kept beside it in a LedgerRepayments aggregate, so that
two requests racing for the same credit conflict on it, and the retry sees the other's reservation.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.payments.errors import RepaymentNotAwaitingApproval, RepaymentNotCancellable, RepaymentNotPayable
from domain.payments.identifiers import entity_id
from domain.payments.limits import MoneyLimits

_BOOKS = uuid5(NAMESPACE_URL, "https://kraken-es/payments/ledger-repayments/")


class RepaymentMethod(StrEnum):
    BANK_TRANSFER = "BANK_TRANSFER"
    CHEQUE = "CHEQUE"


class RepaymentState(StrEnum):
    REQUESTED = "REQUESTED"
    APPROVED = "APPROVED"
    PAYING = "PAYING"
    PAID = "PAID"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"
    REJECTED = "REJECTED"


# Kraken's RepaymentRequestStatus has four values: an approved request stays ACCEPTED while it is
# paid out and once paid; a payout that failed did not repay anything, so it reads as REJECTED.
WIRE_STATUS = {
    RepaymentState.REQUESTED: "REQUESTED",
    RepaymentState.APPROVED: "ACCEPTED",
    RepaymentState.PAYING: "ACCEPTED",
    RepaymentState.PAID: "ACCEPTED",
    RepaymentState.FAILED: "REJECTED",
    RepaymentState.CANCELLED: "CANCELLED",
    RepaymentState.REJECTED: "REJECTED",
}
# Settled one way or the other: what it reserved is no longer owed.
FINISHED = frozenset({RepaymentState.PAID, RepaymentState.FAILED, RepaymentState.CANCELLED, RepaymentState.REJECTED})


def repayable(balance: int, reserved: int, limits: MoneyLimits) -> int:
    """The most one repayment request may ask for of a ledger now: its credit less what its open
    requests reserve, and no more than one command may move (0 when nothing may be asked for)."""
    return max(0, min(balance - reserved, limits.payment_amount))


class RepaymentRequest(Aggregate):
    KIND = "repayment"

    @classmethod
    def id_for(cls, number: int) -> UUID:
        return entity_id(cls.KIND, number)

    @classmethod
    def request(
        cls,
        number: int,
        account_number: str,
        ledger_number: str,
        amount: int,
        method: RepaymentMethod,
        reason: str,
        idempotency_key: str,
        requested_at: datetime,
    ) -> RepaymentRequest:
        return cls._create(
            cls.Requested,
            id=cls.id_for(number),
            number=number,
            account_number=account_number,
            ledger_number=ledger_number,
            amount=amount,
            method=method.value,
            reason=reason,
            idempotency_key=idempotency_key,
            requested_at=requested_at,
        )

    class Requested(Aggregate.Created):
        number: int
        account_number: str
        ledger_number: str
        amount: int
        method: str
        reason: str
        idempotency_key: str
        requested_at: datetime

    @event(Requested)
    def __init__(
        self,
        number: int,
        account_number: str,
        ledger_number: str,
        amount: int,
        method: str,
        reason: str,
        idempotency_key: str,
        requested_at: datetime,
    ) -> None:
        self.number = number
        self.account_number = account_number
        self.ledger_number = ledger_number
        self.amount = amount
        self.method = RepaymentMethod(method)
        self.reason = reason
        self.idempotency_key = idempotency_key
        self.requested_at = requested_at
        self.state = RepaymentState.REQUESTED
        self.payout_started_at: datetime | None = None
        self.payout_key = ""
        self.payout_payee = ""
        self.payout_destination = ""
        self.payout_reference = ""
        self.failure_code = ""

    @property
    def wire_status(self) -> str:
        return WIRE_STATUS[self.state]

    @property
    def cancellable(self) -> bool:
        return self.state in (RepaymentState.REQUESTED, RepaymentState.APPROVED)

    def check_awaiting_approval(self) -> None:
        """RepaymentNotAwaitingApproval unless an operator may still approve or reject the request."""
        if self.state is not RepaymentState.REQUESTED:
            raise RepaymentNotAwaitingApproval(
                f"Repayment request {self.number} is {self.state.value}, not awaiting approval."
            )

    def _require(self, *states: RepaymentState) -> None:
        # The payout's steps come in order; one out of order is a bug of the caller's, never a client's.
        if self.state not in states:
            raise RepaymentNotPayable(f"Repayment request {self.number} is {self.state.value}.")

    def approve(self, approved_at: datetime, approved_by: str) -> None:
        self.check_awaiting_approval()
        self._approve(number=self.number, approved_at=approved_at, approved_by=approved_by)

    class Approved(Aggregate.Event):
        # The number travels with the event: the payout worker is told which request to pay.
        number: int
        approved_at: datetime
        approved_by: str

    @event(Approved)
    def _approve(self, number: int, approved_at: datetime, approved_by: str) -> None:
        self.state = RepaymentState.APPROVED

    def reject(self, rejected_at: datetime, reason: str) -> None:
        self.check_awaiting_approval()
        self._reject(rejected_at=rejected_at, reason=reason)

    class Rejected(Aggregate.Event):
        rejected_at: datetime
        reason: str

    @event(Rejected)
    def _reject(self, rejected_at: datetime, reason: str) -> None:
        self.state = RepaymentState.REJECTED

    def cancel(self, cancelled_at: datetime) -> None:
        if not self.cancellable:
            raise RepaymentNotCancellable(f"Repayment request {self.number} is {self.state.value.lower()}.")
        self._cancel(cancelled_at=cancelled_at)

    class Cancelled(Aggregate.Event):
        cancelled_at: datetime

    @event(Cancelled)
    def _cancel(self, cancelled_at: datetime) -> None:
        self.state = RepaymentState.CANCELLED

    def start_payout(self, started_at: datetime, idempotency_key: str, payee: str, destination: str) -> None:
        self._require(RepaymentState.APPROVED)
        self._start_payout(started_at=started_at, idempotency_key=idempotency_key, payee=payee, destination=destination)

    class PayoutStarted(Aggregate.Event):
        """Handed to the provider under `idempotency_key`: a retry can never pay out twice."""

        started_at: datetime
        idempotency_key: str
        payee: str
        destination: str

    @event(PayoutStarted)
    def _start_payout(self, started_at: datetime, idempotency_key: str, payee: str, destination: str) -> None:
        self.state = RepaymentState.PAYING
        self.payout_started_at = started_at
        self.payout_key = idempotency_key
        self.payout_payee = payee
        self.payout_destination = destination

    def record_submitted(self, submitted_at: datetime, reference: str) -> bool:
        """Records the provider's reference once; False if there is nothing to record."""
        if self.state is not RepaymentState.PAYING or self.payout_reference:
            return False
        self._record_submitted(submitted_at=submitted_at, reference=reference)
        return True

    class PayoutSubmitted(Aggregate.Event):
        submitted_at: datetime
        reference: str

    @event(PayoutSubmitted)
    def _record_submitted(self, submitted_at: datetime, reference: str) -> None:
        self.payout_reference = reference

    def record_paid(self, paid_at: datetime) -> None:
        self._require(RepaymentState.PAYING)
        self._record_paid(paid_at=paid_at, reference=self.payout_reference)

    class Paid(Aggregate.Event):
        paid_at: datetime
        reference: str

    @event(Paid)
    def _record_paid(self, paid_at: datetime, reference: str) -> None:
        self.state = RepaymentState.PAID

    def record_failed(self, failed_at: datetime, failure_code: str) -> None:
        self._require(RepaymentState.APPROVED, RepaymentState.PAYING)
        self._record_failed(failed_at=failed_at, failure_code=failure_code)

    class PayoutFailed(Aggregate.Event):
        failed_at: datetime
        failure_code: str

    @event(PayoutFailed)
    def _record_failed(self, failed_at: datetime, failure_code: str) -> None:
        self.state = RepaymentState.FAILED
        self.failure_code = failure_code


class LedgerRepayments(Aggregate):
    """What a ledger's open repayment requests still reserve of its credit (request number → amount)."""

    @staticmethod
    def id_for(ledger_number: str) -> UUID:
        return uuid5(_BOOKS, ledger_number)

    @classmethod
    def open(cls, ledger_number: str) -> LedgerRepayments:
        return cls._create(cls.Opened, id=cls.id_for(ledger_number), ledger_number=ledger_number)

    class Opened(Aggregate.Created):
        ledger_number: str

    @event(Opened)
    def __init__(self, ledger_number: str) -> None:
        self.ledger_number = ledger_number
        self.reserved: dict[int, int] = {}

    @property
    def outstanding(self) -> int:
        return sum(self.reserved.values())

    class Reserved(Aggregate.Event):
        request_number: int
        amount: int

    def reserve(self, request_number: int, amount: int) -> None:
        if amount <= 0:
            raise ValueError(f"a repayment reserves a positive amount, not {amount}")
        self._reserve(request_number=request_number, amount=amount)

    @event(Reserved)
    def _reserve(self, request_number: int, amount: int) -> None:
        self.reserved[request_number] = amount

    def release(self, request_number: int) -> None:
        if request_number in self.reserved:
            self._release(request_number=request_number)

    class Released(Aggregate.Event):
        request_number: int

    @event(Released)
    def _release(self, request_number: int) -> None:
        del self.reserved[request_number]
