"""The outbox relay: follows the event stores and hands each reaction's events to its actor.

The event store is the outbox (its notification log is ordered and gap-free). Each reaction has
its own tracked position, so one failing actor holds up only itself. Delivery happens before the
position moves: at least once, which is why actors are idempotent. In production the actor's
message goes to the broker (Redis or RabbitMQ keep it); on the embedded default the actor runs
right here, so a reaction is never lost in an in-memory queue when the process is killed.

An actor run here mostly waits (on the provider, the mail server, the database), so it may be given
several threads: a batch's events of one sequence (one aggregate's, unless the reaction says
otherwise) are delivered in order on one thread, those of different sequences side by side. The
position moves past an event only once it and every event before it are delivered; one delivered
after an event that failed is delivered again with it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import dramatiq
from eventsourcing.application import Application
from eventsourcing.persistence import Notification
from eventsourcing.utils import get_topic

from domain.shared.actor import acting_as
from projections.metrics import ACTOR_RUNS
from projections.projection import BATCH, Follower
from projections.store import PositionMoved, ReadStore
from workers.dispatch import REACTIONS, Reaction

log = logging.getLogger("kraken.relay")

Deliver = Callable[[dramatiq.Actor[..., Any], tuple[Any, ...]], None]


def enqueue(actor: dramatiq.Actor[..., Any], arguments: tuple[Any, ...]) -> None:
    actor.send(*arguments)


def run_inline(actor: dramatiq.Actor[..., Any], arguments: tuple[Any, ...]) -> None:
    # Counted as a broker's worker counts its runs (workers/broker.py); a failure here is always
    # retried, by this relay, from the event that failed.
    try:
        with acting_as(f"worker:{actor.actor_name}"):
            actor.fn(*arguments)
    except Exception:
        ACTOR_RUNS.labels(actor.actor_name, "retry").inc()
        raise
    ACTOR_RUNS.labels(actor.actor_name, "success").inc()


class RelayFollower(Follower):
    measured_as = "depth"

    def __init__(
        self, reaction: Reaction, app: Application[Any], store: ReadStore, deliver: Deliver, threads: int = 1
    ) -> None:
        self.reaction, self.app, self.store, self.deliver = reaction, app, store, deliver
        self.name = f"outbox:{reaction.actor.actor_name}"
        self.topics = (get_topic(reaction.event),)
        self._failures, self._retry_at = 0, 0.0
        # Its threads start with the first batch that needs them and end with the process.
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix=self.name) if threads > 1 else None

    def processed_up_to(self) -> int:
        return self.store.position(self.name, self.app.name)

    def run_once(self, limit: int = BATCH) -> int:
        if time.monotonic() < self._retry_at:
            return 0
        start = self.store.position(self.name, self.app.name)
        notifications = self.app.recorder.select_notifications(
            start=start, limit=limit, topics=self.topics, inclusive_of_start=False
        )
        count, failure = self._deliver_all(notifications)
        # Keep what was delivered even when a later delivery failed: it is retried from there.
        if count:
            try:
                with self.store.transaction() as cursor:
                    self.store.advance(cursor, self.name, self.app.name, start, notifications[count - 1].id)
            except PositionMoved:
                log.info("%s: another relay delivered these too (actors are idempotent)", self.name)
        if failure is not None:
            # Back off (1 s, 2 s, ... up to a minute) rather than hammer a failing mail server.
            self._failures += 1
            self._retry_at = time.monotonic() + min(60.0, 2.0 ** (self._failures - 1))
            raise failure
        self._failures = 0
        return count

    def _deliver_all(self, notifications: Sequence[Notification]) -> tuple[int, Exception | None]:
        """How many of the notifications, from the first, are delivered; and the failure that stopped
        the rest, if one did. Every delivery started has ended when this returns."""
        events = [(notification.id, self.app.mapper.to_domain_event(notification)) for notification in notifications]
        if self._pool is None or len(events) < 2:
            return self._deliver_in_order(events)
        sequences: dict[Hashable, list[tuple[int, Any]]] = {}
        for position, event in events:
            sequences.setdefault(self.reaction.sequence(event), []).append((position, event))
        started = [(run, self._pool.submit(self._deliver_in_order, run)) for run in sequences.values()]
        delivered: set[int] = set()
        failures: dict[int, Exception] = {}
        for run, future in started:
            count, failure = future.result()
            delivered.update(position for position, _ in run[:count])
            if failure is not None:
                failures[run[count][0]] = failure
        for index, (position, _) in enumerate(events):
            if position not in delivered:
                # The first event not delivered is the one its sequence failed at.
                return index, failures[position]
        return len(events), None

    def _deliver_in_order(self, events: Sequence[tuple[int, Any]]) -> tuple[int, Exception | None]:
        for index, (_, event) in enumerate(events):
            try:
                self.deliver(self.reaction.actor, self.reaction.arguments(event))
            except Exception as exc:
                return index, exc
        return len(events), None


def relay_followers(contexts: Any, deliver: Deliver, threads: int = 1) -> list[Follower]:
    """A relay for every reaction; `threads` actors of one reaction may run at once."""
    return [
        RelayFollower(reaction, getattr(contexts, reaction.upstream), contexts.read.store, deliver, threads)
        for reaction in REACTIONS
    ]
