"""Keeping up with the event stores: read models, reactions and the outbox relay, as one runner."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from eventsourcing.postgres import PostgresApplicationRecorder

from projections.catalogue import PROJECTIONS
from projections.contexts import Contexts
from projections.projection import Follower, ReactionFollower, ViewFollower
from projections.runner import NotifyWakeup, Runner, Wakeup
from settings import Settings
from workers.payments.scheduler import BackgroundScheduler
from workers.relay import Deliver, enqueue, relay_followers, run_inline


def followers(contexts: Contexts, deliver: Deliver) -> list[Follower]:
    """Every read model from its upstream store; the process applications fed by other contexts and
    by their own events (exactly once, tracked in their own store); the outbox relay."""
    views = [
        ViewFollower(projection(), getattr(contexts, projection.upstream), contexts.read.store)
        for projection in PROJECTIONS
    ]
    reactions = [
        ReactionFollower(contexts.payments, contexts.accounts),
        ReactionFollower(contexts.payments, contexts.loyalty),
        ReactionFollower(contexts.payments, contexts.payments),
    ]
    return [*views, *reactions, *relay_followers(contexts, deliver)]


def runner(settings: Settings, contexts: Contexts) -> Runner:
    """In production the relay enqueues on the broker; on the embedded default it runs actors inline."""
    deliver = enqueue if settings.broker_url else run_inline
    chosen = followers(contexts, deliver)
    wakeup = Wakeup()
    if settings.uses_postgres:
        channels = sorted(
            {f.app.recorder.channel_name for f in chosen if isinstance(f.app.recorder, PostgresApplicationRecorder)}
        )
        wakeup = NotifyWakeup(settings.database_url, channels)
    return Runner(chosen, wakeup)


@dataclass
class Background:
    """A runner on a thread of this process (the embedded default's `kraken serve`), and the scheduler."""

    thread: threading.Thread
    stop: threading.Event
    scheduler: BackgroundScheduler | None = None

    @classmethod
    def start(cls, settings: Settings, contexts: Contexts) -> Background:
        stop = threading.Event()
        thread = threading.Thread(
            target=runner(settings, contexts).run_forever, args=(stop,), name="kraken-followers", daemon=True
        )
        thread.start()
        # One per process; the scheduler's lease keeps all but one of them idle (`--workers N`).
        return cls(thread, stop, BackgroundScheduler.start(settings, contexts))

    def close(self) -> None:
        self.stop.set()
        if self.scheduler is not None:
            self.scheduler.close()
        self.thread.join(timeout=10)
