"""Each account user's comms preferences (answers `viewer { preferences }`): one row per user who set any.

Rows are keyed by the profile's id, which is derived from the user's id; a user with no row has the
defaults (domain/accounts/account_user_profile.py), which the reader supplies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, fields
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.accounts.account_user_profile import AccountUserProfile, CommsPreferences
from projections.accounts import erased_users
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks

_PREFERENCES = tuple(field.name for field in fields(CommsPreferences))
_BOOLEANS = frozenset(field.name for field in fields(CommsPreferences) if field.type == "bool")
_TYPES = {"email_format": "TEXT", "font_size_multiplier": "DOUBLE PRECISION", "preferred_hold_music": "TEXT"}


class CommsPreferencesProjection(Projection):
    name = "account_user_comms_preferences"
    upstream = "accounts"
    topics = (get_topic(AccountUserProfile.CommsPreferencesSet),)
    tables = ("account_user_comms_preferences",)

    def create(self, cursor: Cursor) -> None:
        columns = ", ".join(f"{name} {_TYPES.get(name, 'INTEGER')} NOT NULL" for name in _PREFERENCES)
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS account_user_comms_preferences (profile_id TEXT PRIMARY KEY, {columns})"
        )

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        # Each event carries the complete set: the last one of the batch for each user is the row.
        erased = erased_users.erased_among(cursor, [erased_users.user(e.user_id) for e in events])
        latest = {
            str(e.originator_id): None if erased_users.user(e.user_id) in erased else e.preferences for e in events
        }
        cursor.execute(f"DELETE FROM account_user_comms_preferences WHERE profile_id IN ({marks(latest)})", [*latest])
        # An erased user's preferences read as None: no row, as for a user who never chose any.
        rows = [
            (profile_id, *(_stored(name, value) for name, value in asdict(preferences).items()))
            for profile_id, preferences in latest.items()
            if preferences is not None
        ]
        cursor.insert_rows("account_user_comms_preferences", ("profile_id", *_PREFERENCES), rows)


def _stored(name: str, value: Any) -> Any:
    return int(value) if name in _BOOLEANS else value


def _preferences(values: Sequence[Any]) -> CommsPreferences:
    stored: dict[str, Any] = {
        name: bool(value) if name in _BOOLEANS else value for name, value in zip(_PREFERENCES, values, strict=True)
    }
    return CommsPreferences(**stored)


class CommsPreferencesView:
    projection: ClassVar[type[Projection]] = CommsPreferencesProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def of_users(self, user_ids: Sequence[str]) -> list[CommsPreferences]:
        """Each user's preferences (the defaults for one who never set any), in one query."""
        if not user_ids:
            return []
        profiles = [str(AccountUserProfile.id_for(UUID(user_id))) for user_id in user_ids]
        rows = self.store.rows(
            f"SELECT profile_id, {', '.join(_PREFERENCES)} FROM account_user_comms_preferences "
            f"WHERE profile_id IN ({marks(profiles)})",
            tuple(profiles),
        )
        found = {row[0]: _preferences(row[1:]) for row in rows}
        return [found.get(profile_id, CommsPreferences()) for profile_id in profiles]
