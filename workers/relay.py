"""The outbox relay: follows the event stores and hands each reaction's events to its actor.

The event store is the outbox (its notification log is ordered and gap-free). Each reaction has
its own tracked position, so one failing actor holds up only itself. Delivery happens before the
position moves: at least once, which is why actors are idempotent. In production the actor's
message goes to the broker (Redis or RabbitMQ keep it); on the embedded default the actor runs
right here, so a reaction is never lost in an in-memory queue when the process is killed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import dramatiq
from eventsourcing.application import Application
from eventsourcing.utils import get_topic

from domain.shared.actor import acting_as
from projections.projection import BATCH, Follower
from projections.store import PositionMoved, ReadStore
from workers.dispatch import REACTIONS, Reaction

log = logging.getLogger("kraken.relay")

Deliver = Callable[[dramatiq.Actor[..., Any], tuple[Any, ...]], None]


def enqueue(actor: dramatiq.Actor[..., Any], arguments: tuple[Any, ...]) -> None:
    actor.send(*arguments)


def run_inline(actor: dramatiq.Actor[..., Any], arguments: tuple[Any, ...]) -> None:
    with acting_as(f"worker:{actor.actor_name}"):
        actor.fn(*arguments)


class RelayFollower(Follower):
    def __init__(self, reaction: Reaction, app: Application[Any], store: ReadStore, deliver: Deliver) -> None:
        self.reaction, self.app, self.store, self.deliver = reaction, app, store, deliver
        self.name = f"outbox:{reaction.actor.actor_name}"
        self._topics = (get_topic(reaction.event),)
        self._failures, self._retry_at = 0, 0.0

    def run_once(self, limit: int = BATCH) -> int:
        if time.monotonic() < self._retry_at:
            return 0
        start = self.store.position(self.name, self.app.name)
        notifications = self.app.recorder.select_notifications(
            start=start, limit=limit, topics=self._topics, inclusive_of_start=False
        )
        delivered, count = start, 0
        try:
            for notification in notifications:
                event = self.app.mapper.to_domain_event(notification)
                self.deliver(self.reaction.actor, self.reaction.arguments(event))
                delivered, count = notification.id, count + 1
            self._failures = 0
        except Exception:
            # Back off (1 s, 2 s, ... up to a minute) rather than hammer a failing mail server.
            self._failures += 1
            self._retry_at = time.monotonic() + min(60.0, 2.0 ** (self._failures - 1))
            raise
        finally:
            # Keep what was delivered even when a later delivery fails: it is retried from there.
            if delivered != start:
                try:
                    with self.store.transaction() as cursor:
                        self.store.advance(cursor, self.name, self.app.name, start, delivered)
                except PositionMoved:
                    log.info("%s: another relay delivered these too (actors are idempotent)", self.name)
        return count


def relay_followers(contexts: Any, deliver: Deliver) -> list[Follower]:
    return [
        RelayFollower(reaction, getattr(contexts, reaction.upstream), contexts.read.store, deliver)
        for reaction in REACTIONS
    ]
