"""What a read model is, and how one follows its upstream event store."""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.projection import EventSourcedProjection

from domain.shared.actor import acting_as
from projections.store import Cursor, PositionMoved, ReadStore

log = logging.getLogger("kraken.projections")

BATCH = 1000
# A read model folds each batch into its rows before writing (a payment requested and settled in the same
# batch is inserted once, already settled): the larger the batch, the fewer writes while catching up.
# Following live, a batch is only what arrived since the last round.
VIEW_BATCH = 10_000


class Projection(ABC):
    """A read model: tables it owns, built from one context's events, rebuildable from zero."""

    name: ClassVar[str]
    upstream: ClassVar[str]
    topics: ClassVar[tuple[str, ...]] = ()
    tables: ClassVar[tuple[str, ...]] = ()

    @abstractmethod
    def create(self, cursor: Cursor) -> None:
        """Create the owned tables if they do not exist."""

    @abstractmethod
    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        """Apply a batch of events, in order, inside the caller's transaction."""


class Follower(ABC):
    """Something that keeps up with one upstream application."""

    name: str
    app: Application[Any]
    # How projections/lag.py measures it: how far it lags behind its store, or (an outbox relay) how
    # many events wait for their actor.
    measured_as: ClassVar[str] = "lag"
    # The topics it follows; none: every event of its store.
    topics: tuple[str, ...] = ()

    @abstractmethod
    def run_once(self, limit: int = BATCH) -> int:
        """Process what is new (at most `limit` notifications); return how many were processed."""

    @abstractmethod
    def processed_up_to(self) -> int:
        """The upstream notification id up to which it has processed every event it follows."""


class ViewFollower(Follower):
    """Applies a projection's events and moves its position in one transaction per batch."""

    def __init__(self, projection: Projection, app: Application[Any], store: ReadStore) -> None:
        self.projection, self.app, self.store = projection, app, store
        self.name = projection.name
        self.topics = projection.topics

    def processed_up_to(self) -> int:
        return self.store.position(self.name, self.app.name)

    def run_once(self, limit: int = VIEW_BATCH) -> int:
        start = self.store.position(self.name, self.app.name)
        notifications = self.app.recorder.select_notifications(
            start=start, limit=limit, topics=self.projection.topics, inclusive_of_start=False
        )
        if not notifications:
            return 0
        events = [self.app.mapper.to_domain_event(n) for n in notifications]
        try:
            with self.store.transaction() as cursor:
                self.projection.apply(cursor, events)
                self.store.advance(cursor, self.name, self.app.name, start, notifications[-1].id)
        except PositionMoved:
            log.info("%s: another runner got there first", self.name)
            return 0
        return len(notifications)

    def rebuild(self, progress: Callable[[int], None] | None = None) -> int:
        """Drop the owned tables and the position, then replay every upstream event.

        `progress` is told the upstream position reached after each batch; returns the event count.
        """
        with self.store.transaction() as cursor:
            for table in self.projection.tables:
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
            self.projection.create(cursor)
            cursor.execute("DELETE FROM projection_positions WHERE projection = %s", (self.name,))
        total = 0
        while processed := self.run_once():
            total += processed
            if progress:
                progress(self.store.position(self.name, self.app.name))
        return total


class ReactionFollower(Follower):
    """Feeds an event-sourced process application: its new events and the upstream position are
    recorded together by the downstream application's process recorder (exactly once)."""

    def __init__(self, downstream: EventSourcedProjection[Any], app: Application[Any]) -> None:
        self.downstream, self.app = downstream, app
        self.name = f"{downstream.name} reacting to {app.name}"
        self.topics = tuple(downstream.topics)

    def processed_up_to(self) -> int:
        return self.downstream.recorder.max_tracking_id(self.app.name) or 0

    def run_once(self, limit: int = BATCH) -> int:
        start = self.processed_up_to()
        notifications = self.app.recorder.select_notifications(
            start=start, limit=limit, topics=self.topics, inclusive_of_start=False
        )
        with acting_as(f"reaction:{self.downstream.name.lower()}"):
            for notification in notifications:
                event = self.app.mapper.to_domain_event(notification)
                try:
                    self.downstream.process_event(event, Tracking(self.app.name, notification.id))
                except IntegrityError:
                    # Another runner recorded this position first: its events stand, ours are dropped.
                    log.info("%s: %s already processed", self.name, notification.id)
                    return 0
        return len(notifications)
