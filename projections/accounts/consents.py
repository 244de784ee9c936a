"""Each holder's consents with their types (answers `account { consents }` and `viewer { consents }`).

A holder is an account (`account:<number>`) or an account user (`user:<id>`), as the Consents
aggregates name them. Only a consent recorded at least once has a row: a type nobody was asked about
has no consent, as in Kraken, where a consent is a row and a type only says what it defaults to.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.accounts.consent_types import ACCEPTED, PENDING, ConsentType
from domain.accounts.consents import Consents, consent_id
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks

_TYPE_COLUMNS = ("code", "name", "description", "default_value")
_CONSENT_COLUMNS = ("holder", "code", "id", "value")
_ROW = ("id", "code", "value", "name", "description", "default_value")


class ConsentsProjection(Projection):
    name = "consents"
    upstream = "accounts"
    topics = (
        get_topic(ConsentType.Defined),
        get_topic(ConsentType.Redefined),
        get_topic(Consents.Opened),
        get_topic(Consents.ConsentRecorded),
        get_topic(Consents.DoubleOptInRequested),
        get_topic(Consents.DoubleOptInConfirmed),
    )
    tables = ("consent_types", "consent_holders", "consents")

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS consent_types "
            "(code TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL, default_value TEXT NOT NULL)"
        )
        # Which holder each Consents aggregate is: its later events name only the aggregate.
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS consent_holders (consents_id TEXT PRIMARY KEY, holder TEXT NOT NULL UNIQUE)"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS consents (holder TEXT NOT NULL, code TEXT NOT NULL, id BIGINT NOT NULL, "
            "value TEXT NOT NULL, PRIMARY KEY (holder, code))"
        )

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        # Folded per row: the batch's last definition of each type, and last value of each consent.
        types = {
            e.code: (e.name, e.description, e.default_value)
            for e in events
            if isinstance(e, ConsentType.Defined | ConsentType.Redefined)
        }
        opened = {str(e.originator_id): e.holder for e in events if isinstance(e, Consents.Opened)}
        changes = [e for e in events if isinstance(e, _CHANGES)]
        holders = {**_holders(cursor, {str(e.originator_id) for e in changes} - opened.keys()), **opened}
        values = {(holders[str(e.originator_id)], e.code): _value(e) for e in changes}
        cursor.executemany("DELETE FROM consent_types WHERE code = %s", [(code,) for code in types])
        cursor.insert_rows("consent_types", _TYPE_COLUMNS, [(code, *row) for code, row in types.items()])
        cursor.insert_rows("consent_holders", ("consents_id", "holder"), list(opened.items()))
        cursor.executemany("DELETE FROM consents WHERE holder = %s AND code = %s", list(values))
        cursor.insert_rows(
            "consents",
            _CONSENT_COLUMNS,
            [(holder, code, consent_id(holder, code), value) for (holder, code), value in values.items()],
        )


_CHANGES = (Consents.ConsentRecorded, Consents.DoubleOptInRequested, Consents.DoubleOptInConfirmed)


def _value(e: Any) -> str:
    if isinstance(e, Consents.DoubleOptInRequested):
        return PENDING
    if isinstance(e, Consents.DoubleOptInConfirmed):
        return ACCEPTED
    return str(e.value)


def _holders(cursor: Cursor, consents_ids: set[str]) -> dict[str, str]:
    if not consents_ids:
        return {}
    ids = sorted(consents_ids)
    cursor.execute(f"SELECT consents_id, holder FROM consent_holders WHERE consents_id IN ({marks(ids)})", ids)
    return {str(consents_id): str(holder) for consents_id, holder in cursor.fetchall()}


class ConsentsView:
    projection: ClassVar[type[Projection]] = ConsentsProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def of_holders(self, holders: Sequence[str]) -> list[list[dict[str, Any]]]:
        """Each holder's consents with their types, by type code, in one query."""
        if not holders:
            return []
        rows = self.store.rows(
            "SELECT c.holder, c.id, c.code, c.value, t.name, t.description, t.default_value FROM consents c "
            f"JOIN consent_types t ON t.code = c.code WHERE c.holder IN ({marks(holders)}) ORDER BY c.code",
            tuple(holders),
        )
        found: dict[str, list[dict[str, Any]]] = {holder: [] for holder in holders}
        for holder, *row in rows:
            found[holder].append(dict(zip(_ROW, row, strict=True)))
        return [found[holder] for holder in holders]
