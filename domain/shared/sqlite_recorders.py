"""The embedded default's (SQLite's) event stores: the library's own, with each append traced."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteProcessRecorder

from domain.shared import tracing


class TracedSQLiteApplicationRecorder(SQLiteApplicationRecorder):
    """A context's event store (an Application's recorder)."""

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        with tracing.appending("sqlite", stored_events, kwargs.get("tracking") is not None):
            return super().insert_events(stored_events, **kwargs)


class TracedSQLiteProcessRecorder(SQLiteProcessRecorder):
    """A process application's store, whose reactions append with their tracking record."""

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        with tracing.appending("sqlite", stored_events, kwargs.get("tracking") is not None):
            return super().insert_events(stored_events, **kwargs)
