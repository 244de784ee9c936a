"""Repayment requests: a ledger's (`ledger { repaymentRequests }`, every request as its customer
made it) and an account's repayments (`account { repayments }`, the requests that are or will be
paid out), newest first, from the repayments read model."""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Any

import strawberry

from api.payments.queries.filters import all_of, one_of
from api.payments.types import PaymentInstructionType, RepaymentRequestStatus
from api.scalars import BigInt
from api.shared.connections import Connection, window_of
from domain.payments.repayment_request import WIRE_STATUS, RepaymentState

REPAYMENT_REQUESTS = "repayment-requests"
REPAYMENTS = "repayments"


@strawberry.enum
class RepaymentMethod(Enum):
    BANK_TRANSFER = "BANK_TRANSFER"
    CHEQUE = "CHEQUE"
    CARD = "CARD"


@strawberry.enum
class AccountRepaymentStatusOptions(Enum):
    REQUESTED = "REQUESTED"
    APPROVED = "APPROVED"
    SUBMITTED = "SUBMITTED"
    FAILED = "FAILED"
    PAID = "PAID"
    THIRD_PARTY = "THIRD_PARTY"
    HISTORIC = "HISTORIC"


# A repayment is money being or to be paid out: a request cancelled or rejected never was one. The
# payout handed to the provider is SUBMITTED until it is paid or fails.
_REPAYMENT_STATUS = {
    RepaymentState.REQUESTED: AccountRepaymentStatusOptions.REQUESTED,
    RepaymentState.APPROVED: AccountRepaymentStatusOptions.APPROVED,
    RepaymentState.PAYING: AccountRepaymentStatusOptions.SUBMITTED,
    RepaymentState.PAID: AccountRepaymentStatusOptions.PAID,
    RepaymentState.FAILED: AccountRepaymentStatusOptions.FAILED,
}


@strawberry.type
class RepaymentRequestType:
    request_id: str | None = strawberry.field(description="The ID of the repayment request.", default=None)
    amount: int | None = strawberry.field(description="The amount of money requested.", default=None)
    reason_code: str | None = strawberry.field(description="Classifier code for repayment reason.", default=None)
    method: RepaymentMethod | None = strawberry.field(
        description="The method by which the money will be transferred to the customer.", default=None
    )
    # The payout is sent to the bank details of the ledger's direct debit as they are when it
    # starts; which instruction that was is not recorded with the request.
    instruction: PaymentInstructionType | None = strawberry.field(
        description="The payment instruction, if any, associated with the repayment request.", default=None
    )
    status: RepaymentRequestStatus | None = strawberry.field(
        description="The current status of the repayment request.", default=None
    )

    @classmethod
    def of(cls, row: dict[str, Any]) -> RepaymentRequestType:
        return cls(
            request_id=str(row["number"]),
            amount=row["amount"],
            reason_code=row["reason"] or None,
            method=RepaymentMethod(row["method"]),
            status=RepaymentRequestStatus(WIRE_STATUS[RepaymentState(row["state"])]),
        )


@strawberry.type(name="RepaymentRequestConnectionTypeEdge")
class RepaymentRequestEdge:
    node: RepaymentRequestType | None = strawberry.field(description="The item at the end of the edge")
    cursor: str = strawberry.field(description="A cursor for use in pagination")


@strawberry.type(name="RepaymentRequestConnectionTypeConnection")
class RepaymentRequestConnection(Connection):
    edges: list[RepaymentRequestEdge | None] = strawberry.field(description="Contains the nodes in this connection.")


@strawberry.type
class AccountRepaymentType:
    id: strawberry.ID
    amount: BigInt = strawberry.field(description="Amount of payment in pence")
    payment_date: datetime.date = strawberry.field(description="The date this payment is scheduled to be debited")
    status: AccountRepaymentStatusOptions | None = strawberry.field(
        description="The current status of the repayment", default=None
    )

    @classmethod
    def of(cls, row: dict[str, Any]) -> AccountRepaymentType:
        """A request being or to be paid out; its date is the day it was requested, then the day its
        money left the ledger, then the day the provider paid it."""
        return cls(
            id=strawberry.ID(str(row["number"])),
            amount=BigInt(row["amount"]),
            payment_date=datetime.date.fromisoformat(row["payment_date"]),
            status=_REPAYMENT_STATUS[RepaymentState(row["state"])],
        )


@strawberry.type(name="AccountRepaymentConnectionTypeEdge")
class AccountRepaymentEdge:
    node: AccountRepaymentType | None = strawberry.field(description="The item at the end of the edge")
    cursor: str = strawberry.field(description="A cursor for use in pagination")


@strawberry.type(name="AccountRepaymentConnectionTypeConnection")
class AccountRepaymentConnection(Connection):
    edges: list[AccountRepaymentEdge | None] = strawberry.field(description="Contains the nodes in this connection.")


async def ledger_repayment_requests(
    info: strawberry.Info,
    ledger_number: str,
    before: str | None,
    after: str | None,
    first: int | None,
    last: int | None,
) -> RepaymentRequestConnection:
    """Every repayment request made on the ledger, whatever became of it."""
    window = window_of(REPAYMENT_REQUESTS, (str, int), info.context.settings.max_page_size, first, after, last, before)
    repayments = info.context.contexts.read.repayments
    page = await info.context.loader(repayments.pages, "ledger_number", "", (), window).load(ledger_number)

    async def counted() -> int:
        return int(await info.context.loader(repayments.counts, "ledger_number", "", ()).load(ledger_number))

    return RepaymentRequestConnection.paged(
        REPAYMENT_REQUESTS, page, RepaymentRequestType.of, RepaymentRequestEdge, counted
    )


async def account_repayments(
    info: strawberry.Info,
    account_number: str,
    statuses: list[AccountRepaymentStatusOptions | None] | None,
    before: str | None,
    after: str | None,
    first: int | None,
    last: int | None,
) -> AccountRepaymentConnection:
    """The account's repayments on any of its ledgers, of any of `statuses` (all when none is given)."""
    window = window_of(REPAYMENTS, (str, int), info.context.settings.max_page_size, first, after, last, before)
    wanted = {status for status in statuses or () if status is not None} or set(_REPAYMENT_STATUS.values())
    states = tuple(sorted(state.value for state, status in _REPAYMENT_STATUS.items() if status in wanted))
    where, params = all_of(one_of("state", states))
    repayments = info.context.contexts.read.repayments
    page = await info.context.loader(repayments.pages, "account_number", where, params, window).load(account_number)

    async def counted() -> int:
        return int(await info.context.loader(repayments.counts, "account_number", where, params).load(account_number))

    return AccountRepaymentConnection.paged(REPAYMENTS, page, AccountRepaymentType.of, AccountRepaymentEdge, counted)
