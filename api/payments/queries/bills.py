"""An account's issued bills (`account { bills bill(id) }`), the latest issued first.

A bill here is a billing document of one amount, charged to its ledger when issued: Kraken's
PeriodBasedDocumentType, an INVOICE, whose id and identifier are the billingDocumentId that
requestPrintedBill takes and that its ledger charge names (billingDocumentIdentifier). It bills the
one charge posted when it was issued, so its period is that day. No PDF of it is rendered: its
temporaryUrl is null.
"""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Any

import strawberry

from api.shared.connections import Connection, window_of
from domain.payments.identifiers import parse_number
from projections.payments.bills import BillFilter

BILLS = "bills"


@strawberry.enum
class BillTypeEnum(Enum):
    STATEMENT = "STATEMENT"
    INVOICE = "INVOICE"
    CREDIT_NOTE = "CREDIT_NOTE"
    PRE_KRAKEN = "PRE_KRAKEN"


@strawberry.enum
class BillsOrderBy(Enum):
    FROM_DATE_DESC = "FROM_DATE_DESC"
    ISSUED_DATE_DESC = "ISSUED_DATE_DESC"


@strawberry.type
class StatementTotalType:
    net_total: int | None = strawberry.field(
        description="The net total amount for the statement (in minor currency units).", default=None
    )
    tax_total: int | None = strawberry.field(
        description="The total amount of tax on the statement (in minor currency units).", default=None
    )
    gross_total: int | None = strawberry.field(
        description="The gross total amount for the statement (in minor currency units).", default=None
    )


@strawberry.interface
class BillInterface:
    id: strawberry.ID | None = None
    bill_type: BillTypeEnum | None = None
    from_date: datetime.date | None = None
    to_date: datetime.date | None = None
    temporary_url: str | None = strawberry.field(
        description="A temporary URL at which the bill's document is available; null while none is rendered.",
        default=None,
    )
    issued_date: datetime.date | None = strawberry.field(
        description="The date the bill was sent to the customer.", default=None
    )


@strawberry.type
class PeriodBasedDocumentType(BillInterface):
    identifier: strawberry.ID | None = strawberry.field(
        description="The unique identifier for the billing document.", default=None
    )
    total_charges: StatementTotalType | None = strawberry.field(
        description="The total amounts for all charges on the billing document.", default=None
    )
    total_credits: StatementTotalType | None = strawberry.field(
        description="The total amounts for all credits on the statement.", default=None
    )


BILL_TYPES = (PeriodBasedDocumentType,)


def bill(row: dict[str, Any]) -> PeriodBasedDocumentType:
    """An issued bill: its one charge is its amount; nothing on it is taxed or credited."""
    issued = datetime.datetime.fromisoformat(row["issued_at"]).date()
    number = strawberry.ID(str(row["number"]))
    return PeriodBasedDocumentType(
        id=number,
        bill_type=BillTypeEnum.INVOICE,
        from_date=issued,
        to_date=issued,
        issued_date=issued,
        identifier=number,
        total_charges=StatementTotalType(net_total=row["amount"], tax_total=0, gross_total=row["amount"]),
        total_credits=StatementTotalType(net_total=0, tax_total=0, gross_total=0),
    )


@strawberry.type(name="BillConnectionTypeEdge")
class BillEdge:
    node: BillInterface | None = strawberry.field(description="The item at the end of the edge")
    cursor: str = strawberry.field(description="A cursor for use in pagination")


@strawberry.type(name="BillConnectionTypeConnection")
class BillConnection(Connection):
    edges: list[BillEdge | None] = strawberry.field(description="Contains the nodes in this connection.")


def _later(*days: datetime.date | None) -> datetime.date | None:
    return max((day for day in days if day is not None), default=None)


def _earlier(*days: datetime.date | None) -> datetime.date | None:
    return min((day for day in days if day is not None), default=None)


async def bills(
    info: strawberry.Info,
    account_number: str,
    from_date: datetime.date | None,
    to_date: datetime.date | None,
    issued_from_date: datetime.date | None,
    issued_to_date: datetime.date | None,
    before: str | None,
    after: str | None,
    first: int | None,
    last: int | None,
) -> BillConnection:
    # A bill's period is the day it was issued: both pairs of bounds bound that day, and both orders
    # Kraken offers are the same order.
    window = window_of(BILLS, (str, int), info.context.settings.max_page_size, first, after, last, before)
    chosen = BillFilter(issued_from=_later(from_date, issued_from_date), issued_to=_earlier(to_date, issued_to_date))
    view = info.context.contexts.read.bills
    page = await info.context.loader(view.bill_pages, chosen, window).load(account_number)

    async def counted() -> int:
        return int(await info.context.loader(view.bill_counts, chosen).load(account_number))

    return BillConnection.paged(BILLS, page, bill, BillEdge, counted)


async def bill_of_account(
    info: strawberry.Info, account_number: str, bill_id: strawberry.ID, bill_type: BillTypeEnum | None
) -> PeriodBasedDocumentType | None:
    """The account's issued bill of that id; null for a draft, another account's bill, an id that names
    none, or a type it is not (which of these it was is not told: ids are not to be probed)."""
    number = parse_number(bill_id)
    if number is None or bill_type not in (None, BillTypeEnum.INVOICE):
        return None
    row = await info.context.loader(info.context.contexts.read.bills.issued).load((account_number, number))
    return bill(row) if row is not None else None
