"""Concurrent commands on one aggregate: a conflict reloads and decides again, nothing is lost.

Each increment records the value it decided from the state it loaded. If any attempt had been
saved on stale state, two events would carry the same value; if any write had been dropped,
there would be fewer events than commands.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.domain import Aggregate, event

from domain.shared.application import CommandConflict, ContextApplication
from settings import Settings


class Counter(Aggregate):
    @event("Opened")
    def __init__(self) -> None:
        self.value = 0

    def increment(self) -> None:
        self._increment(new_value=self.value + 1)

    @event("Incremented")
    def _increment(self, new_value: int) -> None:
        self.value = new_value


class Counters(ContextApplication):
    name = "Counters"

    def open(self) -> UUID:
        counter = Counter()
        self.save(counter)
        return counter.id

    def increment(self, counter_id: UUID) -> int:
        def decide() -> tuple[int, list[Any]]:
            counter: Counter = self.load(counter_id)
            counter.increment()
            return counter.value, [counter]

        return self.decide(decide)


COMMANDS = 200
THREADS = 8


def test_concurrent_increments_are_all_kept_and_none_decided_on_stale_state(backend: str, settings: Settings) -> None:
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    # given writers hammering one aggregate, each retrying as many times as every command does
    app = Counters(settings.store_env("counters"))
    counter_id = app.open()
    # when
    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(lambda _: app.increment(counter_id), range(COMMANDS)))
    # then none gave up, and every one was decided on the state as stored
    values = [e.new_value for e in app.repository.event_store.get(counter_id) if hasattr(e, "new_value")]
    assert sorted(values) == list(range(1, COMMANDS + 1))
    assert sorted(results) == list(range(1, COMMANDS + 1))
    assert app.repository.get(counter_id).value == COMMANDS
    app.close()


def test_a_command_that_keeps_losing_gives_up_without_writing(settings: Settings) -> None:
    # given a command whose aggregate is always moved on by someone else before it saves
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    app = Counters(settings.store_env("counters"))
    counter_id = app.open()

    def decide() -> tuple[None, list[Any]]:
        stale: Counter = app.load(counter_id)
        rival: Counter = app.load(counter_id)
        rival.increment()
        app.save(rival)
        stale.increment()
        return None, [stale]

    # when / then
    with pytest.raises(CommandConflict):
        app.decide(decide)
    assert app.repository.get(counter_id).value == app.attempts
    app.close()


class TooLow(Exception):
    pass


def _processes(settings: Settings) -> tuple[Counters, Counters]:
    """Two applications on one store, as two processes are: each with a cache of its own."""
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    return Counters(settings.store_env("counters")), Counters(settings.store_env("counters"))


def test_a_command_decided_on_another_process_s_stale_cache_is_decided_again_on_the_stored_state(
    backend: str, settings: Settings
) -> None:
    # given a counter this process has cached at 0, which the other process then moves to 1
    here, there = _processes(settings)
    counter_id = here.open()
    assert here.load(counter_id).value == 0
    there.increment(counter_id)
    # when this process increments it
    decided = here.increment(counter_id)
    # then the increment counts from what is stored, not from what was cached: nothing is lost
    assert decided == 2
    values = [e.new_value for e in here.repository.event_store.get(counter_id) if hasattr(e, "new_value")]
    assert values == [1, 2]
    here.close(), there.close()


def test_a_rule_met_on_stale_cached_state_is_checked_again_on_the_stored_state(
    backend: str, settings: Settings
) -> None:
    # given a counter cached here at 0, moved to 1 by the other process
    here, there = _processes(settings)
    counter_id = here.open()
    assert here.load(counter_id).value == 0
    there.increment(counter_id)

    def spend() -> tuple[int, list[Any]]:
        counter: Counter = here.load(counter_id)
        if counter.value < 1:
            raise TooLow()
        counter.increment()
        return counter.value, [counter]

    # when a command whose rule needs a value of at least 1 runs here, then it is allowed
    assert here.decide(spend) == 2
    here.close(), there.close()


def test_an_aggregate_only_read_is_read_from_the_store(backend: str, settings: Settings) -> None:
    # given a counter cached here at 0, moved to 1 by the other process
    here, there = _processes(settings)
    counter_id = here.open()
    assert here.load(counter_id).value == 0
    there.increment(counter_id)

    # when a command reads it without saving it, to open another counter
    def copy() -> tuple[int, list[Any]]:
        read: Counter = here.load(counter_id)
        new = Counter()
        for _ in range(read.value):
            new.increment()
        return new.value, [new]

    # then it read the stored value: a save of the new counter could not have caught a stale read
    assert here.decide(copy) == 1
    here.close(), there.close()
