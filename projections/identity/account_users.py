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

_USER_COLUMNS = ("user_id", "email", "given_name", "family_name")


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
        # A user registered in this batch is inserted once, with the batch's later changes already
        # applied; a user registered earlier gets an UPDATE per change, in order.
        registered: dict[str, dict[str, Any]] = {}
        memberships: list[tuple[str, str]] = []
        changes: list[tuple[str, str, Any]] = []
        for e in events:
            user_id = str(e.originator_id)
            if isinstance(e, User.Registered):
                registered[user_id] = {
                    "user_id": user_id,
                    "email": e.email,
                    "given_name": e.given_name,
                    "family_name": e.family_name,
                }
                memberships.extend((user_id, number) for number in e.account_numbers)
                continue
            column, value = _change(e)
            if user_id in registered:
                registered[user_id][column] = value
            else:
                changes.append((user_id, column, value))
        cursor.insert_rows(
            "account_users", _USER_COLUMNS, [tuple(row[c] for c in _USER_COLUMNS) for row in registered.values()]
        )
        cursor.insert_rows("account_user_accounts", ("user_id", "account_number"), memberships)
        for user_id, column, value in changes:
            cursor.execute(f"UPDATE account_users SET {column} = %s WHERE user_id = %s", (value, user_id))


def _change(e: Any) -> tuple[str, Any]:
    """The column a name or email change sets, and its new value."""
    if get_topic(type(e)) == _NAME_CHANGED:
        return {"given_name": "given_name", "family_name": "family_name"}[e.field], e.name
    return "email", e.email


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
        return self.accounts_of([user_id])[0]

    def accounts_of(self, user_ids: Sequence[str]) -> list[list[str]]:
        """The numbers of each user's accounts, in one query."""
        if not user_ids:
            return []
        marks = ", ".join(["%s"] * len(user_ids))
        rows = self.store.rows(
            f"SELECT user_id, account_number FROM account_user_accounts WHERE user_id IN ({marks}) "
            "ORDER BY account_number",
            tuple(user_ids),
        )
        found: dict[str, list[str]] = {user_id: [] for user_id in user_ids}
        for user_id, number in rows:
            found[user_id].append(number)
        return [found[user_id] for user_id in user_ids]
