"""Actors' runs are counted by outcome, whether a broker's worker or the inline relay runs them; the
scheduler says which process holds its lease."""

from __future__ import annotations

import uuid
from datetime import timedelta

import dramatiq
import pytest
from dramatiq.brokers.stub import StubBroker
from prometheus_client import REGISTRY

from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from settings import Settings
from workers.broker import with_outcomes
from workers.payments.scheduler import Scheduler
from workers.relay import run_inline

RUNS = "kraken_actor_runs_total"


def runs(actor: str, outcome: str) -> float:
    return REGISTRY.get_sample_value(RUNS, {"actor": actor, "outcome": outcome}) or 0.0


def test_a_brokers_worker_counts_successes_retries_and_failures() -> None:
    # given a broker counting outcomes, an actor that works and one that always raises (retried once)
    broker = with_outcomes(StubBroker())
    suffix = uuid.uuid4().hex[:8]

    def works() -> None:
        pass

    def breaks() -> None:
        raise RuntimeError("the provider is down")

    good = dramatiq.actor(works, actor_name=f"works_{suffix}", broker=broker)
    bad = dramatiq.actor(
        breaks, actor_name=f"breaks_{suffix}", broker=broker, max_retries=1, min_backoff=1, max_backoff=1
    )
    worker = dramatiq.Worker(broker, worker_timeout=50)
    worker.start()
    try:
        # when each is sent twice
        for _ in range(2):
            good.send()
            bad.send()
        broker.join(good.queue_name, fail_fast=False)
        worker.join()
    finally:
        worker.stop()
    # then two successes; each failing message was retried once, then given up on
    assert runs(good.actor_name, "success") == 2
    assert runs(bad.actor_name, "retry") == 2
    assert runs(bad.actor_name, "failure") == 2
    assert runs(good.actor_name, "failure") == 0


def test_the_inline_relay_counts_its_runs_too() -> None:
    # given
    broker = StubBroker()
    suffix = uuid.uuid4().hex[:8]
    calls: list[int] = []

    def flaky(n: int) -> None:
        calls.append(n)
        if n < 0:
            raise RuntimeError("the mail server is down")

    actor = dramatiq.actor(flaky, actor_name=f"flaky_{suffix}", broker=broker)
    # when it runs inline once well and once not
    run_inline(actor, (1,))
    with pytest.raises(RuntimeError):
        run_inline(actor, (-1,))
    # then the failure counts as a retry: the relay hands the event over again later
    assert calls == [1, -1]
    assert runs(actor.actor_name, "success") == 1
    assert runs(actor.actor_name, "retry") == 1


def holding(lease: str, holder: str) -> float | None:
    return REGISTRY.get_sample_value("kraken_scheduler_lease_holder", {"lease": lease, "holder": holder})


def test_the_lease_holder_is_a_gauge(contexts: Contexts, settings: Settings, clock: FrozenClock) -> None:
    # given two schedulers of one lease
    lease = f"lease-{uuid.uuid4().hex[:8]}"
    first = Scheduler(contexts, (), "first", settings, clock, name=lease)
    second = Scheduler(contexts, (), "second", settings, clock, name=lease)
    # when both tick
    first.tick()
    second.tick()
    # then the holder says 1, the other 0
    assert holding(lease, "first") == 1
    assert holding(lease, "second") == 0
    # and when the first stops renewing, the second takes over once the lease expires
    clock.advance(timedelta(seconds=settings.scheduler_lease_seconds + 1))
    second.tick()
    assert holding(lease, "second") == 1
    first.tick()
    assert holding(lease, "first") == 0
