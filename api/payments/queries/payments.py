"""An account's payments (`account { payments }`) and what a ledger's payments still have to
bring in (`ledger { paymentsOutstanding }`), from the payments read model."""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Any

import strawberry

from api.payments.queries.account_ledgers import ledgers_of
from api.payments.queries.filters import NOTHING, Condition, all_of
from api.payments.types import AccountPaymentStatusOptions, AccountPaymentType
from api.scalars import BigInt
from api.shared.connections import Connection, window_of
from domain.payments.payment import PaymentStatus, PaymentWireStatus, wire_status
from projections.payments.payments import status_filter

PAYMENTS = "payments"
_WIRE_STATUSES = frozenset(status.value for status in PaymentWireStatus)


@strawberry.enum
class PaymentReasonOptions(Enum):
    BALANCE_THRESHOLD_CROSSED = "BALANCE_THRESHOLD_CROSSED"
    BILL_ISSUED = "BILL_ISSUED"
    PAYMENT_PLAN = "PAYMENT_PLAN"
    REGULAR_SCHEDULE = "REGULAR_SCHEDULE"


@strawberry.type(name="AccountPaymentConnectionTypeEdge")
class AccountPaymentEdge:
    node: AccountPaymentType | None = strawberry.field(description="The item at the end of the edge")
    cursor: str = strawberry.field(description="A cursor for use in pagination")


@strawberry.type(name="AccountPaymentConnectionTypeConnection")
class AccountPaymentConnection(Connection):
    edges: list[AccountPaymentEdge | None] = strawberry.field(description="Contains the nodes in this connection.")


def today(info: strawberry.Info) -> datetime.date:
    """The day a payment's status is told against (SCHEDULED before its date): the payments context's."""
    day: datetime.date = info.context.contexts.payments.clock.now().date()
    return day


def status_of(row: dict[str, Any], day: datetime.date) -> AccountPaymentStatusOptions:
    status = wire_status(PaymentStatus(row["status"]), datetime.date.fromisoformat(row["payment_date"]), day)
    return AccountPaymentStatusOptions(status.value)


def account_payment(row: dict[str, Any], day: datetime.date) -> AccountPaymentType:
    """A payments row as Kraken's AccountPaymentType (the reference is "" until the provider gives one)."""
    return AccountPaymentType(
        id=strawberry.ID(str(row["number"])),
        amount=BigInt(row["amount"]),
        payment_date=datetime.date.fromisoformat(row["payment_date"]),
        reference=row["reference"] or "",
        transaction_type=AccountPaymentType.transaction_type_of(row["instruction_type"] or row["collection_method"]),
        status=status_of(row, day),
    )


async def account_payments(
    info: strawberry.Info,
    account_number: str,
    ledger_id: str | None,
    status: AccountPaymentStatusOptions | None,
    reason: PaymentReasonOptions | None,
    before: str | None,
    after: str | None,
    first: int | None,
    last: int | None,
) -> AccountPaymentConnection:
    """The account's payments, newest first: on every ledger of the account, or the one `ledger_id` names."""
    window = window_of(PAYMENTS, (str, str, int), info.context.settings.max_page_size, first, after, last, before)
    day = today(info)
    where, params = all_of(
        await _ledger_condition(info, account_number, ledger_id),
        _status_condition(status, day),
        ("reason = %s", (reason.value,)) if reason is not None else ("", ()),
    )
    payments = info.context.contexts.read.payments
    page = await info.context.loader(payments.pages, where, params, window).load(account_number)

    async def counted() -> int:
        return int(await info.context.loader(payments.counts, where, params).load(account_number))

    return AccountPaymentConnection.paged(
        PAYMENTS, page, lambda row: account_payment(row, day), AccountPaymentEdge, counted
    )


async def payments_outstanding(info: strawberry.Info, ledger_number: str) -> int:
    """What the ledger's payments requested or with the provider add up to (minor units)."""
    return int(await info.context.loader(info.context.contexts.read.payments.outstanding).load(ledger_number))


async def _ledger_condition(info: strawberry.Info, account_number: str, ledger_id: str | None) -> Condition:
    """The ledger a client named by its integer ID, among the account's own (none if it is not one)."""
    if ledger_id is None:
        return "", ()
    numbers = [row["number"] for row in await ledgers_of(info, account_number) if str(row["id"]) == ledger_id.strip()]
    return ("ledger_number = %s", (numbers[0],)) if numbers else NOTHING


def _status_condition(status: AccountPaymentStatusOptions | None, day: datetime.date) -> Condition:
    if status is None:
        return "", ()
    if status.value not in _WIRE_STATUSES:
        # Promises, historic and third-party payments are not kept here: none has such a status.
        return NOTHING
    return status_filter(PaymentWireStatus(status.value), day)
