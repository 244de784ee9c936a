"""An account's ledgers and each ledger's transactions (`account { ledgers { transactions } }`)."""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Any

import strawberry

from api.payments.queries.payments import payments_outstanding
from api.payments.queries.repayments import RepaymentRequestConnection, ledger_repayment_requests
from api.shared.connections import Connection, window_of
from domain.payments.ledger import EntryKind, LedgerKind
from projections.pages import page_of
from projections.payments.ledgers import ISSUED

LEDGER_NAMES = {LedgerKind.MAIN.value: "Main account ledger", LedgerKind.CREDIT_STORAGE.value: "Credit storage ledger"}
TRANSACTIONS = "transactions"
_AFFECTING_THE_ACCOUNT = frozenset({LedgerKind.MAIN.value, LedgerKind.CREDIT_STORAGE.value})


@strawberry.enum
class TransactionTypeFilter(Enum):
    ISSUED_TRANSACTIONS = "ISSUED_TRANSACTIONS"
    ENERGY_CHARGES = "ENERGY_CHARGES"
    IMPORTED_CHARGES = "IMPORTED_CHARGES"
    IMPORTED_CREDITS = "IMPORTED_CREDITS"
    IMPORTED_REPAYMENTS = "IMPORTED_REPAYMENTS"
    IMPORTED_PAYMENTS = "IMPORTED_PAYMENTS"


# Which entries each filter keeps. Nothing here is imported from another system, and the supply
# charges a water customer sees are the charges issued on their bills.
_FILTERS = {
    TransactionTypeFilter.ISSUED_TRANSACTIONS: ISSUED,
    TransactionTypeFilter.ENERGY_CHARGES: f"kind = '{EntryKind.CHARGE.value}' AND {ISSUED}",
    TransactionTypeFilter.IMPORTED_CHARGES: "1 = 0",
    TransactionTypeFilter.IMPORTED_CREDITS: "1 = 0",
    TransactionTypeFilter.IMPORTED_REPAYMENTS: "1 = 0",
    TransactionTypeFilter.IMPORTED_PAYMENTS: "1 = 0",
}


def types_where(types: list[TransactionTypeFilter | None] | None) -> str:
    """The entries any of `types` keeps ("" for no filter: every entry)."""
    wanted = sorted({t for t in types or () if t is not None}, key=lambda t: t.value)
    return " OR ".join(f"({_FILTERS[t]})" for t in wanted)


@strawberry.type
class TransactionAmountType:
    net: int | None = strawberry.field(description="The net amount (in minor currency units).", default=None)
    tax: int | None = strawberry.field(description="The amount of tax (in minor currency units).", default=None)
    gross: int | None = strawberry.field(description="The gross amount (in minor currency units).", default=None)


@strawberry.interface
class TransactionType:
    id: strawberry.ID | None = None
    posted_date: datetime.date | None = None
    created_at: datetime.datetime | None = None
    account_number: str | None = None
    amount: int | None = strawberry.field(
        default=None, deprecation_reason="The 'amount' field is deprecated. Use `amounts` instead."
    )
    amounts: TransactionAmountType | None = None
    balance_carried_forward: int | None = None
    is_held: bool | None = None
    is_issued: bool | None = strawberry.field(
        description="Whether this transaction has been issued on any billing document.", default=None
    )
    title: str | None = None
    billing_document_identifier: strawberry.ID | None = None
    is_reversed: bool = False
    has_statement: bool | None = None
    note: str | None = None


@strawberry.type
class Charge(TransactionType):
    pass


@strawberry.type
class Credit(TransactionType):
    pass


@strawberry.type
class Payment(TransactionType):
    pass


@strawberry.type
class Refund(TransactionType):
    pass


TRANSACTION_TYPES = (Charge, Credit, Payment, Refund)
_TITLES = {
    EntryKind.CHARGE.value: "Charge",
    EntryKind.CREDIT.value: "Credit",
    EntryKind.PAYMENT.value: "Payment",
    EntryKind.REPAYMENT.value: "Refund",
}


def transaction(ledger_number: str, account_number: str, row: dict[str, Any]) -> TransactionType:
    """One ledger entry as Kraken's transaction: its type says which way the money moved; the
    amounts are what moved (the balance carried forward keeps the sign)."""
    kind, amount = row["kind"], row["amount"]
    if kind == EntryKind.TRANSFER.value:
        kind = EntryKind.CREDIT.value if amount > 0 else EntryKind.CHARGE.value
    cls: type[TransactionType] = {"CHARGE": Charge, "CREDIT": Credit, "PAYMENT": Payment, "REPAYMENT": Refund}[kind]
    posted = datetime.datetime.fromisoformat(row["posted_at"])
    source: str = row["source"]
    bill = source.removeprefix("bill:") if source.startswith("bill:") else None
    return cls(
        id=strawberry.ID(f"{ledger_number}-{row['version']}"),
        posted_date=posted.date(),
        created_at=posted,
        account_number=account_number,
        amount=abs(amount),
        amounts=TransactionAmountType(net=abs(amount), tax=0, gross=abs(amount)),
        balance_carried_forward=row["balance_carried_forward"],
        is_held=False,
        is_issued=bill is not None,
        title=_TITLES[kind],
        billing_document_identifier=strawberry.ID(bill) if bill else None,
        is_reversed=False,
        has_statement=bill is not None,
        note=row["reason_code"] or None,
    )


@strawberry.type(name="TransactionConnectionTypeEdge")
class TransactionEdge:
    node: TransactionType | None = strawberry.field(description="The item at the end of the edge")
    cursor: str = strawberry.field(description="A cursor for use in pagination")


@strawberry.type(name="TransactionConnectionTypeConnection")
class TransactionConnection(Connection):
    edges: list[TransactionEdge | None] = strawberry.field(description="Contains the nodes in this connection.")


@strawberry.type
class LedgerType:
    id: strawberry.ID | None = None
    name: str | None = strawberry.field(description="The display name of the ledger.", default=None)
    number: str | None = strawberry.field(description="The canonical name of the ledger.", default=None)
    ledger_type: str | None = strawberry.field(description="The ledger type code.", default=None)
    balance: int | None = strawberry.field(
        description="The current balance on the ledger in minor units of currency.", default=None
    )
    amount_owed_by_customer: int | None = strawberry.field(
        description="The amount owed from the customer perspective. A positive value implies the customer owes the business, while a negative amount implies the customer is in credit.",
        default=None,
    )
    affects_account_balance: bool | None = strawberry.field(
        description="Whether this ledger's balance contributes to the account's balance.", default=None
    )
    account_number: strawberry.Private[str]
    # The ledger's entries as they stood at a past moment (account(asOf)); None: the read model's.
    entries: strawberry.Private[list[dict[str, Any]] | None] = None

    @classmethod
    def of(cls, row: dict[str, Any]) -> LedgerType:
        return cls(
            id=strawberry.ID(str(row["id"])),
            name=LEDGER_NAMES.get(row["kind"], row["kind"]),
            number=row["number"],
            ledger_type=row["kind"],
            balance=row["balance"],
            amount_owed_by_customer=-row["balance"],
            # Credit stored apart is the customer's money too: the account's balance, summed over every
            # ledger (includeAllLedgers), counts it.
            affects_account_balance=row["kind"] in _AFFECTING_THE_ACCOUNT,
            account_number=row["account_number"],
            entries=row.get("entries"),
        )

    @strawberry.field(description="Transactions on the ledger, newest first.")
    async def transactions(
        self,
        info: strawberry.Info,
        transaction_types: list[TransactionTypeFilter | None] | None = strawberry.UNSET,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> TransactionConnection | None:
        where = types_where(transaction_types)
        window = window_of(TRANSACTIONS, (str, int), info.context.settings.max_page_size, first, after, last, before)
        number, account = str(self.number), self.account_number
        if self.entries is not None:
            # As of a past moment (whose fields take no type filter): every entry posted by then.
            entries = self.entries

            async def replayed() -> int:
                return len(entries)

            page = page_of(entries, ("posted_at", "version"), window)
            return TransactionConnection.paged(
                TRANSACTIONS, page, lambda row: transaction(number, account, row), TransactionEdge, replayed
            )
        ledgers = info.context.contexts.read.ledgers
        # Every ledger of the document asking for the same page shares one query.
        page = await info.context.loader(ledgers.transaction_pages, where, window).load(self.number)

        async def counted() -> int:
            return int(await info.context.loader(ledgers.transaction_counts, where).load(number))

        return TransactionConnection.paged(
            TRANSACTIONS, page, lambda row: transaction(number, account, row), TransactionEdge, counted
        )

    @strawberry.field(description="Repayment requests for a given ledger.")
    async def repayment_requests(
        self,
        info: strawberry.Info,
        before: str | None = None,
        after: str | None = None,
        first: int | None = None,
        last: int | None = None,
    ) -> RepaymentRequestConnection | None:
        return await ledger_repayment_requests(info, str(self.number), before, after, first, last)

    @strawberry.field(
        description="The sum, in minor units of currency, of the ledger's payments requested or submitted to the "
        "payment provider and not settled yet."
    )
    async def payments_outstanding(self, info: strawberry.Info) -> int | None:
        return await payments_outstanding(info, str(self.number))
