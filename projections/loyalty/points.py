"""Loyalty point balances and ledger entries per account user (answers `loyaltyPointLedgers`), and
each enrolled account's points user (the LOYALTY_POINT_USER of `accountUserRoles`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.loyalty.ledger import LoyaltyLedger
from domain.loyalty.loyalty_account import LoyaltyAccount
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks

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
# Made by `@event("PointsUserChanged")` on a method: mypy sees no attribute, so its topic is named.
_POINTS_USER_CHANGED = "domain.loyalty.loyalty_account:LoyaltyAccount.PointsUserChanged"


class LoyaltyPointsProjection(Projection):
    name = "loyalty_points"
    upstream = "loyalty"
    topics = (
        get_topic(LoyaltyLedger.Opened),
        *(get_topic(kind) for kind in _ENTRIES),
        get_topic(LoyaltyAccount.Enrolled),
        _POINTS_USER_CHANGED,
    )
    tables = ("loyalty_ledgers", "loyalty_ledger_entries", "loyalty_accounts")

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
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS loyalty_accounts "
            "(account_number TEXT PRIMARY KEY, points_user_id TEXT NOT NULL)"
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
        self._apply_points_users(cursor, events)

    @staticmethod
    def _apply_points_users(cursor: Cursor, events: Sequence[Any]) -> None:
        # An account enrolled in the batch is inserted with the batch's last points user; one enrolled
        # earlier gets one UPDATE, to the last.
        enrolled: dict[str, str] = {}
        changed: dict[str, str] = {}
        for e in events:
            if isinstance(e, LoyaltyAccount.Enrolled):
                enrolled[e.account_number] = str(e.points_user_id)
            elif get_topic(type(e)) == _POINTS_USER_CHANGED:
                (enrolled if e.account_number in enrolled else changed)[e.account_number] = str(e.new_user_id)
        cursor.insert_rows("loyalty_accounts", ("account_number", "points_user_id"), list(enrolled.items()))
        cursor.executemany(
            "UPDATE loyalty_accounts SET points_user_id = %s WHERE account_number = %s",
            [(user_id, number) for number, user_id in changed.items()],
        )


class LoyaltyPointsView:
    projection: ClassVar[type[Projection]] = LoyaltyPointsProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def balance(self, user_id: str) -> int | None:
        rows = self.store.rows("SELECT balance FROM loyalty_ledgers WHERE user_id = %s", (user_id,))
        return int(rows[0][0]) if rows else None

    def entries(self, user_id: str) -> list[dict[str, Any]]:
        return self.entries_of([user_id])[0]

    def entries_of(self, user_ids: Sequence[str]) -> list[list[dict[str, Any]]]:
        """Each user's ledger entries, oldest first, in one query (none for a user without a ledger)."""
        if not user_ids:
            return []
        rows = self.store.rows(
            "SELECT l.user_id, e.ledger_id, e.version, e.ledger_type, e.value, e.balance_brought_forward, "
            "e.balance_carried_forward, e.reason_code, e.posted_at, e.account_number "
            "FROM loyalty_ledger_entries e JOIN loyalty_ledgers l ON l.ledger_id = e.ledger_id "
            f"WHERE l.user_id IN ({marks(user_ids)}) ORDER BY e.ledger_id, e.version",
            tuple(user_ids),
        )
        found: dict[str, list[dict[str, Any]]] = {user_id: [] for user_id in user_ids}
        for user_id, *entry in rows:
            found[user_id].append(dict(zip(_ENTRY_COLUMNS, entry, strict=True)))
        return [found[user_id] for user_id in user_ids]

    def points_users(self, account_numbers: Sequence[str]) -> list[str | None]:
        """The points user of each account (None for an account not enrolled), in one query."""
        if not account_numbers:
            return []
        rows = self.store.rows(
            f"SELECT account_number, points_user_id FROM loyalty_accounts WHERE account_number IN "
            f"({marks(account_numbers)})",
            tuple(account_numbers),
        )
        found = dict(rows)
        return [found.get(number) for number in account_numbers]
