"""An aggregate as it stood at a moment: its events recorded at or before that moment, replayed.

The events are read from the context's event store page by page in version order, and each is
decoded once: the first event recorded after the moment ends the read, so what follows it is never
decoded. An aggregate's events are recorded in version order, so their timestamps only grow. The
aggregate is rebuilt from those events alone, never through the repository's cache: a historical
copy must neither be answered from the cache (which holds the newest state) nor be put into it.

Every replay of one question draws on one `Budget`, so that a question about an account with a long
history is refused (KT-CT-1188) before it holds a worker thread and memory for long.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import Application, project_aggregate

from domain.shared.catalogue import QueryTooComplex

# Stored events read from the store in one statement; fewer when the budget has less room.
PAGE = 500


def as_utc(moment: datetime) -> datetime:
    """A moment without a zone is read as UTC, the zone events are stamped in."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


class Budget:
    """How many events one question may still replay; QueryTooComplex once it would replay more."""

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError(f"a replay budget holds at least one event, not {limit}")
        self.limit, self.spent = limit, 0

    @property
    def left(self) -> int:
        return self.limit - self.spent

    def spend(self, count: int = 1) -> None:
        if self.spent + count > self.limit:
            raise QueryTooComplex(
                f"Answering as of a past moment replays at most {self.limit} events, and this account's history "
                "up to that moment holds more: ask without asOf, or ask an operator (kraken audit --as-of)."
            )
        self.spent += count


@dataclass(frozen=True)
class Replayed:
    """An aggregate as it stood at a moment, and the events it was rebuilt from (oldest first)."""

    aggregate: Any
    events: list[Any] = field(default_factory=list)

    @property
    def version(self) -> int:
        return int(self.aggregate.version)


def replay(app: Application[UUID], aggregate_id: UUID, as_of: datetime, budget: Budget) -> Replayed | None:
    """The aggregate `aggregate_id` of `app` as it stood at `as_of` (events stamped at or before it);
    None when it had no event by then (it did not exist yet, or never did)."""
    moment = as_utc(as_of)
    events: list[Any] = []
    after: int | None = None
    while True:
        # One row more than the budget allows, so that going over it is seen without reading further.
        asked = max(1, min(PAGE, budget.left + 1))
        stored = app.recorder.select_events(aggregate_id, gt=after, limit=asked)
        for record in stored:
            event: Any = app.mapper.to_domain_event(record)
            if as_utc(event.timestamp) > moment:
                return _rebuilt(events)
            budget.spend()
            events.append(event)
        if len(stored) < asked:
            return _rebuilt(events)
        after = stored[-1].originator_version


def _rebuilt(events: list[Any]) -> Replayed | None:
    if not events:
        return None
    return Replayed(aggregate=project_aggregate(None, events), events=events)
