"""Account users and the accounts each belongs to (answers `viewer { accounts { number } }`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.identity.user import User
from projections.projection import Projection
from projections.store import Cursor, ReadStore

# Events made by `@event("Name")` on a method have no attribute mypy can see: name their topics.
_NAME_CHANGED = "domain.identity.user:User.NameChanged"
_EMAIL_CHANGES = ("domain.identity.user:User.EmailChanged", "domain.identity.user:User.BlackholeEmailReplaced")


class AccountUsersProjection(Projection):
    name = "account_users"
    upstream = "identity"
    topics = (get_topic(User.Registered), _NAME_CHANGED, *_EMAIL_CHANGES)
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
        # In order: a user registered and renamed in one batch must end with the new name.
        for e in events:
            topic = get_topic(type(e))
            user_id = str(e.originator_id)
            if isinstance(e, User.Registered):
                cursor.execute(
                    "INSERT INTO account_users (user_id, email, given_name, family_name) VALUES (%s, %s, %s, %s)",
                    (user_id, e.email, e.given_name, e.family_name),
                )
                cursor.executemany(
                    "INSERT INTO account_user_accounts (user_id, account_number) VALUES (%s, %s)",
                    [(user_id, number) for number in e.account_numbers],
                )
            elif topic == _NAME_CHANGED:
                column = {"given_name": "given_name", "family_name": "family_name"}[e.field]
                cursor.execute(f"UPDATE account_users SET {column} = %s WHERE user_id = %s", (e.name, user_id))
            elif topic in _EMAIL_CHANGES:
                cursor.execute("UPDATE account_users SET email = %s WHERE user_id = %s", (e.email, user_id))


class AccountUsersView:
    projection: ClassVar[type[Projection]] = AccountUsersProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def user(self, user_id: str) -> dict[str, Any] | None:
        rows = self.store.rows(
            "SELECT user_id, email, given_name, family_name FROM account_users WHERE user_id = %s", (user_id,)
        )
        return dict(zip(("id", "email", "given_name", "family_name"), rows[0], strict=True)) if rows else None

    def users_of(self, account_number: str) -> list[dict[str, Any]]:
        """The account's users (in a stable order: by user id)."""
        rows = self.store.rows(
            "SELECT u.user_id, u.email, u.given_name, u.family_name FROM account_users u "
            "JOIN account_user_accounts a ON a.user_id = u.user_id WHERE a.account_number = %s ORDER BY u.user_id",
            (account_number,),
        )
        return [dict(zip(("id", "email", "given_name", "family_name"), row, strict=True)) for row in rows]

    def account_numbers(self, user_id: str) -> list[str]:
        rows = self.store.rows(
            "SELECT account_number FROM account_user_accounts WHERE user_id = %s ORDER BY account_number", (user_id,)
        )
        return [row[0] for row in rows]
