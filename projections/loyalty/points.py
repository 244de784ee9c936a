"""Loyalty point balances and ledger entries per account user (answers `loyaltyPointLedgers`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.loyalty.ledger import LoyaltyLedger
from projections.projection import Projection
from projections.store import Cursor, ReadStore

# Kraken's LoyaltyPointLedgerEntryType: a CREDIT adds points, a CHARGE takes them away.
_ENTRIES: dict[type[Any], tuple[str, str | None]] = {
    LoyaltyLedger.PointsEarned: ("CREDIT", None),
    LoyaltyLedger.PointsTransferredIn: ("CREDIT", "TRANSFERRED_FROM_USER"),
    LoyaltyLedger.PointsRedeemed: ("CHARGE", "REDEEMED_FOR_ACCOUNT_CREDIT"),
    LoyaltyLedger.PointsTransferredOut: ("CHARGE", "TRANSFERRED_TO_USER"),
    LoyaltyLedger.AwardReversed: ("CHARGE", None),
}
_ENTRY_COLUMNS = (
    "ledger_id",
    "version",
    "ledger_type",
    "value",
    "balance_brought_forward",
    "balance_carried_forward",
    "reason_code",
    "posted_at",
    "account_number",
)


class LoyaltyPointsProjection(Projection):
    name = "loyalty_points"
    upstream = "loyalty"
    topics = (get_topic(LoyaltyLedger.Opened), *(get_topic(kind) for kind in _ENTRIES))
    tables = ("loyalty_ledgers", "loyalty_ledger_entries")

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS loyalty_ledgers (ledger_id TEXT PRIMARY KEY, user_id TEXT NOT NULL UNIQUE, "
            "account_number TEXT NOT NULL, balance BIGINT NOT NULL)"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS loyalty_ledger_entries (ledger_id TEXT NOT NULL, version INTEGER NOT NULL, "
            "ledger_type TEXT NOT NULL, value BIGINT NOT NULL, balance_brought_forward BIGINT NOT NULL, "
            "balance_carried_forward BIGINT NOT NULL, reason_code TEXT NOT NULL, posted_at TEXT NOT NULL, "
            "account_number TEXT, PRIMARY KEY (ledger_id, version))"
        )

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        cursor.insert_rows(
            "loyalty_ledgers",
            ("ledger_id", "user_id", "account_number", "balance"),
            [
                (str(e.originator_id), str(e.user_id), e.account_number, 0)
                for e in events
                if isinstance(e, LoyaltyLedger.Opened)
            ],
        )
        entries = [e for e in events if type(e) in _ENTRIES]
        rows = []
        for e in entries:
            ledger_type, reason = _ENTRIES[type(e)]
            sign = 1 if ledger_type == "CREDIT" else -1
            rows.append(
                (
                    str(e.originator_id),
                    e.originator_version,
                    ledger_type,
                    e.points,
                    e.balance_carried_forward - sign * e.points,
                    e.balance_carried_forward,
                    reason or e.reason_code,
                    e.posted_at.isoformat(),
                    getattr(e, "account_number", None),
                )
            )
        cursor.insert_rows("loyalty_ledger_entries", _ENTRY_COLUMNS, rows)
        latest = {str(e.originator_id): e.balance_carried_forward for e in entries}
        cursor.executemany(
            "UPDATE loyalty_ledgers SET balance = %s WHERE ledger_id = %s", [(b, i) for i, b in latest.items()]
        )


class LoyaltyPointsView:
    projection: ClassVar[type[Projection]] = LoyaltyPointsProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def balance(self, user_id: str) -> int | None:
        rows = self.store.rows("SELECT balance FROM loyalty_ledgers WHERE user_id = %s", (user_id,))
        return int(rows[0][0]) if rows else None

    def entries(self, user_id: str) -> list[dict[str, Any]]:
        rows = self.store.rows(
            "SELECT e.ledger_id, e.version, e.ledger_type, e.value, e.balance_brought_forward, "
            "e.balance_carried_forward, e.reason_code, e.posted_at, e.account_number "
            "FROM loyalty_ledger_entries e JOIN loyalty_ledgers l ON l.ledger_id = e.ledger_id "
            "WHERE l.user_id = %s ORDER BY e.version",
            (user_id,),
        )
        return [dict(zip(_ENTRY_COLUMNS, row, strict=True)) for row in rows]
