"""Account ledgers: balance and entries in minor units (answers `account { balance ledgers { ... } }`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.utils import get_topic

from domain.payments.ledger import Ledger
from projections.projection import Projection
from projections.store import Cursor, ReadStore


class LedgersProjection(Projection):
    name = "ledgers"
    upstream = "payments"
    topics = (get_topic(Ledger.Opened), get_topic(Ledger.Credited))
    tables = ("ledgers", "ledger_entries")

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS ledgers (ledger_id TEXT PRIMARY KEY, number TEXT NOT NULL UNIQUE, "
            "account_number TEXT NOT NULL, currency TEXT NOT NULL, balance BIGINT NOT NULL)"
        )
        cursor.execute("CREATE INDEX IF NOT EXISTS ledgers_by_account ON ledgers (account_number)")
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS ledger_entries (ledger_id TEXT NOT NULL, version INTEGER NOT NULL, "
            "entry_type TEXT NOT NULL, amount BIGINT NOT NULL, reason_code TEXT NOT NULL, source TEXT NOT NULL, "
            "posted_at TEXT NOT NULL, balance_carried_forward BIGINT NOT NULL, PRIMARY KEY (ledger_id, version))"
        )

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        opened = [e for e in events if isinstance(e, Ledger.Opened)]
        credited = [e for e in events if isinstance(e, Ledger.Credited)]
        cursor.executemany(
            "INSERT INTO ledgers (ledger_id, number, account_number, currency, balance) VALUES (%s, %s, %s, %s, 0)",
            [(str(e.originator_id), e.number, e.account_number, e.currency) for e in opened],
        )
        cursor.executemany(
            "INSERT INTO ledger_entries (ledger_id, version, entry_type, amount, reason_code, source, posted_at, "
            "balance_carried_forward) VALUES (%s, %s, 'CREDIT', %s, %s, %s, %s, %s)",
            [
                (
                    str(e.originator_id),
                    e.originator_version,
                    e.amount,
                    e.reason_code,
                    e.source,
                    e.posted_at.isoformat(),
                    e.balance_carried_forward,
                )
                for e in credited
            ],
        )
        # Only the last balance of each ledger in the batch matters: one write per ledger.
        latest = {str(e.originator_id): e.balance_carried_forward for e in credited}
        cursor.executemany("UPDATE ledgers SET balance = %s WHERE ledger_id = %s", [(b, i) for i, b in latest.items()])


class LedgersView:
    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def of_account(self, account_number: str) -> list[dict[str, Any]]:
        rows = self.store.rows(
            "SELECT ledger_id, number, currency, balance FROM ledgers WHERE account_number = %s ORDER BY number",
            (account_number,),
        )
        return [dict(zip(("id", "number", "currency", "balance"), row, strict=True)) for row in rows]

    def entries(self, ledger_number: str) -> list[dict[str, Any]]:
        rows = self.store.rows(
            "SELECT e.entry_type, e.amount, e.reason_code, e.source, e.posted_at, e.balance_carried_forward "
            "FROM ledger_entries e JOIN ledgers l ON l.ledger_id = e.ledger_id WHERE l.number = %s ORDER BY e.version",
            (ledger_number,),
        )
        keys = ("entry_type", "amount", "reason_code", "source", "posted_at", "balance_carried_forward")
        return [dict(zip(keys, row, strict=True)) for row in rows]
