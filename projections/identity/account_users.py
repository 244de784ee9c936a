"""Account users, their own details and the accounts each belongs to (answers `viewer`, `account { users }`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.identity.user import User
from domain.shared.personal_data import ERASED
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks

# Events made by `@event("Name")` on a method have no attribute mypy can see: name their topics.
_USER = "domain.identity.user:User."
_NAME_CHANGED = _USER + "NameChanged"
_EMAIL_CHANGES = (_USER + "EmailChanged", _USER + "BlackholeEmailReplaced")
_PHONE_NUMBERS_CHANGED = _USER + "PhoneNumbersChanged"
_PRONOUNS_CHANGED = _USER + "PronounsChanged"
_TITLE_CHANGED = _USER + "TitleChanged"
_DATE_OF_BIRTH_RECORDED = _USER + "DateOfBirthRecorded"
_ERASED = _USER + "Erased"

_USER_COLUMNS = (
    "user_id",
    "email",
    "given_name",
    "family_name",
    "mobile",
    "landline",
    "title",
    "pronouns",
    "date_of_birth",
    "registered_at",
)
# What the view answers for a user: `id` rather than the column's name.
_USER_KEYS = ("id", *_USER_COLUMNS[1:])
_SELECT_USER = ", ".join(f"u.{column}" for column in _USER_COLUMNS)


class AccountUsersProjection(Projection):
    name = "account_users"
    upstream = "identity"
    topics = (
        get_topic(User.Registered),
        _NAME_CHANGED,
        *_EMAIL_CHANGES,
        _PHONE_NUMBERS_CHANGED,
        _PRONOUNS_CHANGED,
        _TITLE_CHANGED,
        _DATE_OF_BIRTH_RECORDED,
        _ERASED,
    )
    tables = ("account_users", "account_user_accounts")

    def create(self, cursor: Cursor) -> None:
        # Contact details a user never gave are "" (Kraken's answer for its non-null contact fields);
        # details without a Kraken default (title, pronouns, date of birth) are NULL until given.
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS account_users (user_id TEXT PRIMARY KEY, email TEXT NOT NULL, "
            "given_name TEXT NOT NULL, family_name TEXT NOT NULL, mobile TEXT NOT NULL, landline TEXT NOT NULL, "
            "title TEXT, pronouns TEXT, date_of_birth TEXT, registered_at TEXT NOT NULL)"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS account_user_accounts "
            "(user_id TEXT NOT NULL, account_number TEXT NOT NULL, PRIMARY KEY (user_id, account_number))"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS account_user_accounts_by_account ON account_user_accounts (account_number)"
        )

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        # A user registered in this batch is inserted once, with the batch's later changes already
        # applied; a user registered earlier gets one UPDATE with everything the batch changed.
        registered: dict[str, dict[str, Any]] = {}
        memberships: list[tuple[str, str]] = []
        changed: dict[str, dict[str, Any]] = defaultdict(dict)
        for e in events:
            user_id = str(e.originator_id)
            if isinstance(e, User.Registered):
                registered[user_id] = {
                    "user_id": user_id,
                    "email": e.email,
                    "given_name": e.given_name,
                    "family_name": e.family_name,
                    "mobile": "",
                    "landline": "",
                    "title": None,
                    "pronouns": None,
                    "date_of_birth": None,
                    "registered_at": e.registered_at.isoformat(),
                }
                memberships.extend((user_id, number) for number in e.account_numbers)
            else:
                (registered[user_id] if user_id in registered else changed[user_id]).update(_changes(e))
        cursor.insert_rows(
            "account_users", _USER_COLUMNS, [tuple(row[c] for c in _USER_COLUMNS) for row in registered.values()]
        )
        cursor.insert_rows("account_user_accounts", ("user_id", "account_number"), memberships)
        # Users whose batch changed the same columns share one statement.
        by_columns: dict[tuple[str, ...], list[tuple[Any, ...]]] = defaultdict(list)
        for user_id, values in changed.items():
            columns = tuple(sorted(values))
            by_columns[columns].append((*(values[c] for c in columns), user_id))
        for columns, rows in by_columns.items():
            assignments = ", ".join(f"{column} = %s" for column in columns)
            cursor.executemany(f"UPDATE account_users SET {assignments} WHERE user_id = %s", rows)


def _changes(e: Any) -> dict[str, Any]:
    """The columns a change of the user's own details sets, with their new values."""
    topic = get_topic(type(e))
    if topic == _NAME_CHANGED:
        return {{"given_name": "given_name", "family_name": "family_name"}[e.field]: e.name}
    if topic == _PHONE_NUMBERS_CHANGED:
        return {"mobile": e.mobile, "landline": e.landline}
    # A detail cleared with "" has no value again: Kraken answers null for it.
    if topic == _PRONOUNS_CHANGED:
        return {"pronouns": e.pronouns or None}
    if topic == _TITLE_CHANGED:
        return {"title": e.title or None}
    if topic == _DATE_OF_BIRTH_RECORDED:
        # None once the person is erased: their key is gone, and with it the date.
        return {"date_of_birth": e.date_of_birth.isoformat() if e.date_of_birth else None}
    if topic == _ERASED:
        # Every detail of an erased person is blanked; which accounts they belonged to stays.
        return {
            "email": ERASED,
            "given_name": ERASED,
            "family_name": ERASED,
            "mobile": "",
            "landline": "",
            "title": None,
            "pronouns": None,
            "date_of_birth": None,
        }
    return {"email": e.email}


def _user(row: Sequence[Any]) -> dict[str, Any]:
    return dict(zip(_USER_KEYS, row, strict=True))


class AccountUsersView:
    projection: ClassVar[type[Projection]] = AccountUsersProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def user(self, user_id: str) -> dict[str, Any] | None:
        return self.users([user_id])[0]

    def users(self, user_ids: Sequence[str]) -> list[dict[str, Any] | None]:
        """Each user (None for one the projection has not seen), in one query."""
        if not user_ids:
            return []
        rows = self.store.rows(
            f"SELECT {_SELECT_USER} FROM account_users u WHERE u.user_id IN ({marks(user_ids)})", tuple(user_ids)
        )
        found = {row[0]: _user(row) for row in rows}
        return [found.get(user_id) for user_id in user_ids]

    def users_of(self, account_number: str) -> list[dict[str, Any]]:
        return self.users_of_accounts([account_number])[0]

    def addresses_of(self, account_number: str) -> list[str]:
        """The email addresses of the account's users, in the order they were registered: whom an
        email about the account goes to (an erased user has none left)."""
        return [str(user["email"]) for user in self.users_of(account_number) if user["email"] not in ("", ERASED)]

    def users_of_accounts(self, account_numbers: Sequence[str]) -> list[list[dict[str, Any]]]:
        """Each account's users, in the order they were registered, in one query."""
        if not account_numbers:
            return []
        rows = self.store.rows(
            f"SELECT a.account_number, {_SELECT_USER} FROM account_users u "
            "JOIN account_user_accounts a ON a.user_id = u.user_id "
            f"WHERE a.account_number IN ({marks(account_numbers)}) ORDER BY u.registered_at, u.user_id",
            tuple(account_numbers),
        )
        found: dict[str, list[dict[str, Any]]] = {number: [] for number in account_numbers}
        for number, *user in rows:
            found[number].append(_user(user))
        return [found[number] for number in account_numbers]

    def account_numbers(self, user_id: str) -> list[str]:
        return self.accounts_of([user_id])[0]

    def accounts_of(self, user_ids: Sequence[str]) -> list[list[str]]:
        """The numbers of each user's accounts, in one query."""
        if not user_ids:
            return []
        rows = self.store.rows(
            f"SELECT user_id, account_number FROM account_user_accounts WHERE user_id IN ({marks(user_ids)}) "
            "ORDER BY account_number",
            tuple(user_ids),
        )
        found: dict[str, list[str]] = {user_id: [] for user_id in user_ids}
        for user_id, number in rows:
            found[user_id].append(number)
        return [found[user_id] for user_id in user_ids]
