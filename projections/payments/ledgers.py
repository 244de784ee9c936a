"""Account ledgers: balance and entries in minor units (answers `account { balance ledgers { ... } }`).

The balance row is kept beside the entries so that reading it costs one row, and it always equals
the sum of the ledger's entries (a property test checks it over random histories).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.payments.ledger import EntryKind, Ledger
from projections.pages import Listing, Page, Window
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks

_LEDGER_COLUMNS = ("ledger_id", "number", "kind", "currency", "balance", "account_number")
_ENTRY_COLUMNS = ("version", "kind", "amount", "reason_code", "source", "posted_at", "balance_carried_forward")
# An account's entries come from several ledgers: each row says which.
_ACCOUNT_ENTRY_COLUMNS = ("ledger_number", *_ENTRY_COLUMNS)
# Entries by what they came from (the `source` an entry was posted with names it).
ISSUED = "source LIKE 'bill:%%'"


class LedgersProjection(Projection):
    name = "payment_ledgers"
    upstream = "payments"
    topics = (get_topic(Ledger.Opened), get_topic(Ledger.Posted), get_topic(Ledger.Credited))
    tables = ("payment_ledgers", "payment_ledger_entries")

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS payment_ledgers (number TEXT PRIMARY KEY, aggregate_id TEXT NOT NULL UNIQUE, "
            "ledger_id BIGINT NOT NULL, account_number TEXT NOT NULL, kind TEXT NOT NULL, currency TEXT NOT NULL, "
            "balance BIGINT NOT NULL)"
        )
        cursor.execute("CREATE INDEX IF NOT EXISTS payment_ledgers_by_account ON payment_ledgers (account_number)")
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS payment_ledger_entries (ledger_number TEXT NOT NULL, "
            "version INTEGER NOT NULL, kind TEXT NOT NULL, amount BIGINT NOT NULL, reason_code TEXT NOT NULL, "
            "source TEXT NOT NULL, posted_at TEXT NOT NULL, balance_carried_forward BIGINT NOT NULL, "
            "account_number TEXT NOT NULL, ledger_id BIGINT NOT NULL, ledger_kind TEXT NOT NULL, "
            "PRIMARY KEY (ledger_number, version))"
        )
        # The account's transactions, over its ledgers, page by page.
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS payment_ledger_entries_by_account ON payment_ledger_entries "
            "(account_number, posted_at, ledger_number, version)"
        )

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        opened = [e for e in events if isinstance(e, Ledger.Opened)]
        cursor.insert_rows(
            "payment_ledgers",
            ("number", "aggregate_id", "ledger_id", "account_number", "kind", "currency", "balance"),
            [(e.number, str(e.originator_id), e.ledger_id, e.account_number, e.kind, e.currency, 0) for e in opened],
        )
        entries = [e for e in events if isinstance(e, Ledger.Posted | Ledger.Credited)]
        # Each entry is filed under its ledger's number, account, ID and kind (what an account's
        # transactions are filtered by), as the ledger was opened.
        ledgers = {str(e.originator_id): (e.number, e.account_number, e.ledger_id, e.kind) for e in opened}
        ledgers.update(self._ledgers(cursor, {str(e.originator_id) for e in entries} - ledgers.keys()))
        cursor.insert_rows(
            "payment_ledger_entries",
            (
                "ledger_number",
                "account_number",
                "ledger_id",
                "ledger_kind",
                "version",
                "kind",
                "amount",
                "reason_code",
                "source",
                "posted_at",
                "balance_carried_forward",
            ),
            [
                (
                    *ledgers[str(e.originator_id)],
                    e.originator_version,
                    e.kind if isinstance(e, Ledger.Posted) else EntryKind.CREDIT.value,
                    e.amount,
                    e.reason_code,
                    e.source,
                    e.posted_at.isoformat(),
                    e.balance_carried_forward,
                )
                for e in entries
            ],
        )
        # Only the last balance of each ledger in the batch matters: one write per ledger.
        latest = {ledgers[str(e.originator_id)][0]: e.balance_carried_forward for e in entries}
        cursor.executemany(
            "UPDATE payment_ledgers SET balance = %s WHERE number = %s", [(b, n) for n, b in latest.items()]
        )

    @staticmethod
    def _ledgers(cursor: Cursor, aggregate_ids: set[str]) -> dict[str, tuple[str, str, int, str]]:
        """The number, account, ID and kind of ledgers opened in an earlier batch, in one query."""
        if not aggregate_ids:
            return {}
        slots = marks(aggregate_ids)
        cursor.execute(
            f"SELECT aggregate_id, number, account_number, ledger_id, kind FROM payment_ledgers "
            f"WHERE aggregate_id IN ({slots})",
            [*aggregate_ids],
        )
        return {row[0]: (row[1], row[2], int(row[3]), row[4]) for row in cursor.fetchall()}


def _transactions(where: str) -> Listing:
    return Listing(
        table="payment_ledger_entries",
        parent="ledger_number",
        columns=_ENTRY_COLUMNS,
        key=("posted_at", "version"),
        where=where,
    )


def _account_transactions(where: str, params: tuple[Any, ...], descending: bool) -> Listing:
    # Versions are unique within a ledger only: the ledger's number breaks ties between ledgers.
    return Listing(
        table="payment_ledger_entries",
        parent="account_number",
        columns=_ACCOUNT_ENTRY_COLUMNS,
        key=("posted_at", "ledger_number", "version"),
        where=where,
        params=params,
        descending=descending,
    )


class LedgersView:
    projection: ClassVar[type[Projection]] = LedgersProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def of_account(self, account_number: str) -> list[dict[str, Any]]:
        return self.of_accounts([account_number])[0]

    def of_accounts(self, account_numbers: Sequence[str]) -> list[list[dict[str, Any]]]:
        """Each account's ledgers, the main ledger first, in one query."""
        if not account_numbers:
            return []
        slots = marks(account_numbers)
        rows = self.store.rows(
            f"SELECT {', '.join(_LEDGER_COLUMNS)} FROM payment_ledgers WHERE account_number IN ({slots}) "
            "ORDER BY kind DESC, number",
            tuple(account_numbers),
        )
        found: dict[str, list[dict[str, Any]]] = {number: [] for number in account_numbers}
        for row in rows:
            ledger = dict(zip(("id", *_LEDGER_COLUMNS[1:]), row, strict=True))
            found[ledger["account_number"]].append(ledger)
        return [found[number] for number in account_numbers]

    def transaction_pages(self, where: str, window: Window, ledger_numbers: Sequence[str]) -> list[Page]:
        """The window of each ledger's entries, newest first (`where` narrows them, e.g. to ISSUED)."""
        pages = _transactions(where).pages(self.store, ledger_numbers, window)
        return [pages[number] for number in ledger_numbers]

    def transaction_counts(self, where: str, ledger_numbers: Sequence[str]) -> list[int]:
        counts = _transactions(where).counts(self.store, ledger_numbers)
        return [counts[number] for number in ledger_numbers]

    def account_transaction_pages(
        self, where: str, params: tuple[Any, ...], descending: bool, window: Window, account_numbers: Sequence[str]
    ) -> list[Page]:
        """The window of each account's entries over its ledgers, newest first unless not `descending`
        (`where`, filled by `params`, picks the ledgers and the entries)."""
        pages = _account_transactions(where, params, descending).pages(self.store, account_numbers, window)
        return [pages[number] for number in account_numbers]

    def account_transaction_counts(
        self, where: str, params: tuple[Any, ...], account_numbers: Sequence[str]
    ) -> list[int]:
        counts = _account_transactions(where, params, True).counts(self.store, account_numbers)
        return [counts[number] for number in account_numbers]

    def ledger(self, number: str) -> dict[str, Any] | None:
        rows = self.store.rows(
            "SELECT ledger_id, number, kind, currency, balance, account_number FROM payment_ledgers WHERE number = %s",
            (number,),
        )
        keys = ("id", "number", "kind", "currency", "balance", "account_number")
        return dict(zip(keys, rows[0], strict=True)) if rows else None

    def entries(self, ledger_number: str) -> list[dict[str, Any]]:
        rows = self.store.rows(
            "SELECT kind, amount, reason_code, source, posted_at, balance_carried_forward "
            "FROM payment_ledger_entries WHERE ledger_number = %s ORDER BY version",
            (ledger_number,),
        )
        keys = ("kind", "amount", "reason_code", "source", "posted_at", "balance_carried_forward")
        return [dict(zip(keys, row, strict=True)) for row in rows]
