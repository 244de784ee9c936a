"""Metadata (answers `metadata`, `metadataForKey`, `account { metadata }` and `viewer { details }`):
one row per linked object and key, holding the key's current JSON text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.accounts.metadata import LinkedObject, Metadata
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks


class MetadataProjection(Projection):
    name = "metadata"
    upstream = "accounts"
    topics = (get_topic(Metadata.MetadataSet),)
    tables = ("metadata_entries",)

    def create(self, cursor: Cursor) -> None:
        # A linked object is named by its aggregate's id, derived from its type and identifier.
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS metadata_entries (object_id TEXT NOT NULL, key TEXT NOT NULL, "
            "value TEXT NOT NULL, PRIMARY KEY (object_id, key))"
        )

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        latest = {(str(e.originator_id), e.key): e.value for e in events}
        cursor.executemany(
            "INSERT INTO metadata_entries (object_id, key, value) VALUES (%s, %s, %s) "
            "ON CONFLICT (object_id, key) DO UPDATE SET value = excluded.value",
            [(object_id, key, value) for (object_id, key), value in latest.items()],
        )


class MetadataView:
    projection: ClassVar[type[Projection]] = MetadataProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def of_objects(self, linked_object: LinkedObject, identifiers: Sequence[str]) -> list[list[dict[str, Any]]]:
        """Each object's entries ({key, value}: the value its JSON text), by key, in one query."""
        if not identifiers:
            return []
        ids = {str(Metadata.id_for(linked_object, identifier)): identifier for identifier in identifiers}
        found: dict[str, list[dict[str, Any]]] = {identifier: [] for identifier in identifiers}
        rows = self.store.rows(
            f"SELECT object_id, key, value FROM metadata_entries WHERE object_id IN ({marks(ids)}) ORDER BY key",
            tuple(ids),
        )
        for object_id, key, value in rows:
            found[ids[object_id]].append({"key": key, "value": value})
        return [found[identifier] for identifier in identifiers]
