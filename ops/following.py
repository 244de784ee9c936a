"""Keeping up with the event stores: read models, reactions and the outbox relay, as one runner."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from eventsourcing.postgres import PostgresApplicationRecorder

from projections.catalogue import PROJECTIONS
from projections.contexts import Contexts
from projections.projection import Follower, ReactionFollower, ViewFollower
from projections.runner import NotifyWakeup, Runner, Wakeup
from settings import Settings
from workers.payments.scheduler import BackgroundScheduler
from workers.relay import Deliver, RelayFollower, enqueue, relay_followers, run_inline


def followers(contexts: Contexts, deliver: Deliver, relay_threads: int = 1) -> list[Follower]:
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
        ReactionFollower(contexts.payments, contexts.goods),
    ]
    return [*views, *reactions, *relay_followers(contexts, deliver, relay_threads)]


def runner(settings: Settings, contexts: Contexts) -> Runner:
    """Every follower in one runner. In production the relay enqueues on the broker; with no broker it
    runs the actors itself, several at once (an enqueue is quick, an actor mostly waits on the
    provider or the mail server)."""
    return _runner(settings, _followers(settings, contexts))


def runners(settings: Settings, contexts: Contexts) -> tuple[Runner, Runner]:
    """The read models and reactions, and apart from them the outbox relay, to run side by side: the
    relay's actors then never hold up a read model, and the reactions submit the next payments
    while the relay settles the last ones."""
    chosen = _followers(settings, contexts)
    relays = [f for f in chosen if isinstance(f, RelayFollower)]
    return _runner(settings, [f for f in chosen if f not in relays]), _runner(settings, relays)


def run_side_by_side(runners: Sequence[Runner], stop: threading.Event) -> None:
    """Runs the first runner on this thread and each other one on a thread of its own, until `stop`."""
    threads = [
        threading.Thread(target=runner.run_forever, args=(stop,), name=f"kraken-followers-{index}", daemon=True)
        for index, runner in enumerate(runners[1:], start=1)
    ]
    for thread in threads:
        thread.start()
    try:
        runners[0].run_forever(stop)
    finally:
        stop.set()
        for thread in threads:
            thread.join()


def _followers(settings: Settings, contexts: Contexts) -> list[Follower]:
    if settings.broker_url:
        return followers(contexts, enqueue)
    return followers(contexts, run_inline, settings.relay_threads)


def _runner(settings: Settings, chosen: Sequence[Follower]) -> Runner:
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
