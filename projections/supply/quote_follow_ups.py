"""Quote follow-ups still to send (answers which ones the scheduler releases now): one row per
follow-up, with when it is due and whether it was released. Recipients stay in the event store."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.supply.quote_follow_up import QuoteFollowUp
from projections.projection import Projection
from projections.store import Cursor, ReadStore


def _micros(at: datetime) -> int:
    # Compared the same way by both databases, whatever offset the time was given with.
    return int(at.astimezone(UTC).timestamp() * 1_000_000)


class QuoteFollowUpsProjection(Projection):
    name = "quote_follow_ups"
    upstream = "supply"
    topics = (get_topic(QuoteFollowUp.Scheduled), get_topic(QuoteFollowUp.Released), get_topic(QuoteFollowUp.Sent))
    tables = ("quote_follow_ups",)

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS quote_follow_ups (aggregate_id TEXT PRIMARY KEY, quote_code TEXT NOT NULL, "
            "send_at BIGINT NOT NULL, released BOOLEAN NOT NULL, sent BOOLEAN NOT NULL)"
        )
        cursor.execute("CREATE INDEX IF NOT EXISTS quote_follow_ups_due ON quote_follow_ups (released, send_at)")

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        for e in events:
            key = str(e.originator_id)
            if isinstance(e, QuoteFollowUp.Scheduled):
                cursor.execute(
                    "INSERT INTO quote_follow_ups (aggregate_id, quote_code, send_at, released, sent) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    (key, e.quote_code, _micros(e.send_at), False, False),
                )
            else:
                column = "released" if isinstance(e, QuoteFollowUp.Released) else "sent"
                cursor.execute(f"UPDATE quote_follow_ups SET {column} = %s WHERE aggregate_id = %s", (True, key))


class QuoteFollowUpsView:
    projection: ClassVar[type[Projection]] = QuoteFollowUpsProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def due(self, now: datetime, limit: int = 1000) -> list[UUID]:
        """Follow-ups due by `now` and not released yet, the earliest first."""
        rows = self.store.rows(
            "SELECT aggregate_id FROM quote_follow_ups WHERE released = %s AND send_at <= %s ORDER BY send_at LIMIT %s",
            (False, _micros(now), limit),
        )
        return [UUID(row[0]) for row in rows]
