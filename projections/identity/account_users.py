"""Account users and the accounts each belongs to (answers `viewer { accounts { number } }`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.utils import get_topic

from domain.identity.user import User
from projections.projection import Projection
from projections.store import Cursor, ReadStore


class AccountUsersProjection(Projection):
    name = "account_users"
    upstream = "identity"
    topics = (get_topic(User.Registered),)
    tables = ("account_users", "account_user_accounts")

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS account_users (user_id TEXT PRIMARY KEY, email TEXT NOT NULL, "
            "given_name TEXT NOT NULL, family_name TEXT NOT NULL)"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS account_user_accounts "
            "(user_id TEXT NOT NULL, account_number TEXT NOT NULL, PRIMARY KEY (user_id, account_number))"
        )

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        cursor.executemany(
            "INSERT INTO account_users (user_id, email, given_name, family_name) VALUES (%s, %s, %s, %s)",
            [(str(e.originator_id), e.email, e.given_name, e.family_name) for e in events],
        )
        cursor.executemany(
            "INSERT INTO account_user_accounts (user_id, account_number) VALUES (%s, %s)",
            [(str(e.originator_id), number) for e in events for number in e.account_numbers],
        )


class AccountUsersView:
    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def user(self, user_id: str) -> dict[str, Any] | None:
        rows = self.store.rows(
            "SELECT user_id, email, given_name, family_name FROM account_users WHERE user_id = %s", (user_id,)
        )
        return dict(zip(("id", "email", "given_name", "family_name"), rows[0], strict=True)) if rows else None

    def account_numbers(self, user_id: str) -> list[str]:
        rows = self.store.rows(
            "SELECT account_number FROM account_user_accounts WHERE user_id = %s ORDER BY account_number", (user_id,)
        )
        return [row[0] for row in rows]
