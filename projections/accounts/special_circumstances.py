"""Each account user's Priority Services Register records (answers `viewer { specialCircumstances }`).

A replacement stores the user's whole new set; a temporary record stops being active after its
expiry date with no event, so the reader says which day it asks about.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.accounts.account_user_profile import AccountUserProfile, PsrRecord
from projections.accounts import erased_users
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks

_COLUMNS = ("profile_id", "position", "record_id", "code", "expiry_date")


class SpecialCircumstancesProjection(Projection):
    name = "account_user_psr_records"
    upstream = "accounts"
    topics = (get_topic(AccountUserProfile.PsrRecordsReplaced),)
    tables = ("account_user_psr_records",)

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS account_user_psr_records (profile_id TEXT NOT NULL, position INTEGER NOT NULL, "
            "record_id TEXT NOT NULL, code TEXT NOT NULL, expiry_date TEXT, PRIMARY KEY (profile_id, position))"
        )

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        # Each event carries the whole new set: the last one of the batch for each user is their rows.
        # An erased user's records read as none, as a rebuild after the erasure finds them.
        erased = erased_users.erased_among(cursor, [erased_users.user(e.user_id) for e in events])
        latest: dict[str, tuple[PsrRecord, ...]] = {
            str(e.originator_id): () if erased_users.user(e.user_id) in erased else e.records for e in events
        }
        cursor.execute(f"DELETE FROM account_user_psr_records WHERE profile_id IN ({marks(latest)})", [*latest])
        rows = [
            (profile_id, position, r.id, r.code, r.expiry_date.isoformat() if r.expiry_date else None)
            for profile_id, records in latest.items()
            for position, r in enumerate(records)
        ]
        cursor.insert_rows("account_user_psr_records", _COLUMNS, rows)


class SpecialCircumstancesView:
    projection: ClassVar[type[Projection]] = SpecialCircumstancesProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def active_records(self, on: date, user_ids: Sequence[str]) -> list[list[PsrRecord]]:
        """Each user's records in force on `on` (an expiry date is the last day a record applies), in one query."""
        if not user_ids:
            return []
        profiles = [str(AccountUserProfile.id_for(UUID(user_id))) for user_id in user_ids]
        rows = self.store.rows(
            "SELECT profile_id, record_id, code, expiry_date FROM account_user_psr_records "
            f"WHERE profile_id IN ({marks(profiles)}) AND (expiry_date IS NULL OR expiry_date >= %s) "
            "ORDER BY profile_id, position",
            (*profiles, on.isoformat()),
        )
        found: dict[str, list[PsrRecord]] = {profile_id: [] for profile_id in profiles}
        for profile_id, record_id, code, expiry in rows:
            found[profile_id].append(PsrRecord(record_id, code, date.fromisoformat(expiry) if expiry else None))
        return [found[profile_id] for profile_id in profiles]
