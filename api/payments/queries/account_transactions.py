"""An account's transactions over its ledgers (`account { transactions }`): the main ledger's by
default, one ledger's by its ID, or every ledger's; by type, by posted date, either way round."""

from __future__ import annotations

import datetime
from enum import Enum

import strawberry

from api.payments.queries.filters import Condition, all_of
from api.payments.queries.ledgers import (
    TransactionConnection,
    TransactionEdge,
    TransactionTypeFilter,
    transaction,
    types_where,
)
from api.shared.connections import window_of
from domain.payments.ledger import LedgerKind
from domain.shared.catalogue import InvalidPaginationParameters

ACCOUNT_TRANSACTIONS = "account-transactions"


@strawberry.enum
class TransactionsOrderBy(Enum):
    POSTED_DATE_ASC = "POSTED_DATE_ASC"
    POSTED_DATE_DESC = "POSTED_DATE_DESC"


async def account_transactions(
    info: strawberry.Info,
    account_number: str,
    transaction_types: list[TransactionTypeFilter | None] | None,
    transaction_types_excluded: list[TransactionTypeFilter | None] | None,
    ledger_id: int | None,
    include_all_ledgers: bool | None,
    from_date: datetime.date | None,
    to_date: datetime.date | None,
    order_by: TransactionsOrderBy | None,
    offset: int | None,
    before: str | None,
    after: str | None,
    first: int | None,
    last: int | None,
) -> TransactionConnection:
    if offset is not None:
        # A page is found by the key of a row the client has seen, so that it neither repeats nor
        # skips a transaction posted meanwhile: a count of rows to skip would do both.
        raise InvalidPaginationParameters("'offset' is not supported: page with 'after' or 'before' and a cursor.")
    window = window_of(
        ACCOUNT_TRANSACTIONS, (str, str, int), info.context.settings.max_page_size, first, after, last, before
    )
    included, excluded = types_where(transaction_types), types_where(transaction_types_excluded)
    where, params = all_of(
        _ledgers(ledger_id, include_all_ledgers),
        (included, ()),
        (f"NOT ({excluded})" if excluded else "", ()),
        # Posted dates are UTC days; an ISO date sorts before every instant of its day.
        ("posted_at >= %s", (from_date.isoformat(),)) if from_date is not None else ("", ()),
        ("posted_at < %s", (to_date.isoformat(),)) if to_date is not None else ("", ()),
    )
    descending = order_by is not TransactionsOrderBy.POSTED_DATE_ASC
    ledgers = info.context.contexts.read.ledgers
    page = await info.context.loader(ledgers.account_transaction_pages, where, params, descending, window).load(
        account_number
    )

    async def counted() -> int:
        return int(await info.context.loader(ledgers.account_transaction_counts, where, params).load(account_number))

    return TransactionConnection.paged(
        ACCOUNT_TRANSACTIONS,
        page,
        lambda row: transaction(row["ledger_number"], account_number, row),
        TransactionEdge,
        counted,
    )


def _ledgers(ledger_id: int | None, include_all_ledgers: bool | None) -> Condition:
    """Which of the account's ledgers: the one named, all of them, or (as Kraken's legacy behaviour) the main one."""
    if ledger_id is not None:
        return "ledger_id = %s", (ledger_id,)
    if include_all_ledgers:
        return "", ()
    return "ledger_kind = %s", (LedgerKind.MAIN.value,)
