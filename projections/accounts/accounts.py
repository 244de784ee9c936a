"""Which accounts exist: number, billing name, status, when opened (answers `account(accountNumber)`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.accounts.account import Account
from domain.shared.personal_data import ERASED
from projections.accounts import erased_users
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks

# Kraken's AccountStatus. An opened account is supplied and billed at once: nothing the accounts
# context records puts it in any other state yet (pending enrolment, withdrawn, dormant, void).
ACTIVE = "ACTIVE"

_COLUMNS = ("number", "billing_name", "status", "opened_at")


class AccountsProjection(Projection):
    name = "accounts"
    upstream = "accounts"
    topics = (get_topic(Account.Opened),)
    tables = ("accounts", "account_holders")

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS accounts "
            "(number TEXT PRIMARY KEY, billing_name TEXT NOT NULL, status TEXT NOT NULL, opened_at TEXT NOT NULL)"
        )
        # The account user whose sign-up opened an account: its billing name is theirs, sealed under
        # their key, and blanked here when they are erased (projections/accounts/erasures.py).
        cursor.execute("CREATE TABLE IF NOT EXISTS account_holders (number TEXT PRIMARY KEY, user_id TEXT NOT NULL)")
        cursor.execute("CREATE INDEX IF NOT EXISTS account_holders_by_user ON account_holders (user_id)")

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        erased = erased_users.erased_among(cursor, [erased_users.user(e.holder_user_id) for e in events])
        cursor.insert_rows(
            "accounts",
            _COLUMNS,
            [
                (
                    e.number,
                    ERASED if erased_users.user(e.holder_user_id) in erased else e.billing_name,
                    ACTIVE,
                    e.opened_at.isoformat(),
                )
                for e in events
            ],
        )
        cursor.insert_rows(
            "account_holders",
            ("number", "user_id"),
            [(e.number, str(e.holder_user_id)) for e in events if e.holder_user_id is not None],
        )


class AccountsView:
    projection: ClassVar[type[Projection]] = AccountsProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def account(self, number: str) -> dict[str, Any] | None:
        return self.accounts([number])[0]

    def accounts(self, numbers: Sequence[str]) -> list[dict[str, Any] | None]:
        """Each account (None for one the projection has not seen), in one query."""
        if not numbers:
            return []
        slots = marks(numbers)
        rows = self.store.rows(f"SELECT {', '.join(_COLUMNS)} FROM accounts WHERE number IN ({slots})", tuple(numbers))
        found = {row[0]: dict(zip(_COLUMNS, row, strict=True)) for row in rows}
        return [found.get(number) for number in numbers]
