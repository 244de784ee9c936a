"""The account users erased so far, as the accounts read models see them.

`accounts_erasures` records each erased user here when identity records `User.Erased`, in the read
store the accounts read models write to. Those read models look here before writing a person's
details: an accounts event recorded before the erasure but projected after it may still be decoded
in clear by a process whose cached copy of the key has not yet expired (the key table's cache), and
must not bring back what the erasure blanked. Whichever of the two is applied first, the row ends
blank.
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from projections.store import Cursor, marks

TABLE = "accounts_erased_users"


def create(cursor: Cursor) -> None:
    cursor.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (user_id TEXT PRIMARY KEY)")


def record(cursor: Cursor, users: Iterable[str]) -> None:
    rows = [(user,) for user in dict.fromkeys(users)]
    if rows:
        cursor.executemany(f"INSERT INTO {TABLE} (user_id) VALUES (%s) ON CONFLICT (user_id) DO NOTHING", rows)


def user(user_id: UUID | None) -> str | None:
    """An event's user id as the read models keep it; None for an event that names nobody."""
    return str(user_id) if user_id is not None else None


def erased_among(cursor: Cursor, users: Iterable[str | None]) -> set[str]:
    """Which of `users` (account users' ids; None for nobody) are erased."""
    wanted = sorted({user for user in users if user is not None})
    if not wanted:
        return set()
    cursor.execute(f"SELECT user_id FROM {TABLE} WHERE user_id IN ({marks(wanted)})", wanted)
    return {row[0] for row in cursor.fetchall()}
