"""The points allowance's accounting: charged in memory, shared through the store at each flush."""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import timedelta

import pytest

from api.rate_limits.allowance import Flusher, Payer, PointsAllowance
from api.rate_limits.usage_store import SharedUsage, Spent
from domain.shared.clock import FrozenClock
from ops import runtime

WINDOW = 600
ADA = Payer("user:ada", 100)


def allowance(contexts: runtime.Contexts, clock: FrozenClock, points: int = 100) -> PointsAllowance:
    """One API process's allowance, shared through the read store as every process's is."""
    return PointsAllowance(points, 2 * points, WINDOW, SharedUsage(contexts.read.store), clock)


def test_a_payer_is_refused_once_its_allowance_is_spent(contexts: runtime.Contexts, clock: FrozenClock) -> None:
    # given
    here = allowance(contexts, clock)
    # when the payer spends 90 points, then 30 more (the request that spends the last points passes)
    assert here.charge(ADA, 90)
    assert here.charge(ADA, 30)
    # then it is refused, and a refused request costs nothing
    assert not here.charge(ADA, 1)
    usage = here.usage(ADA)
    assert usage is not None
    assert (usage.limit, usage.used, usage.remaining, usage.blocked) == (100, 120, 0, True)
    assert usage.refills_at == clock.now().timestamp() + WINDOW


def test_the_window_starts_at_the_first_request_and_refills_when_it_ends(
    contexts: runtime.Contexts, clock: FrozenClock
) -> None:
    # given a payer that spent its allowance a minute into its window
    here = allowance(contexts, clock)
    started = clock.now().timestamp()
    assert here.charge(ADA, 10)
    clock.advance(timedelta(seconds=60))
    assert here.charge(ADA, 90)
    assert not here.charge(ADA, 1)
    # when the window that began with its first request ends
    clock.advance(timedelta(seconds=WINDOW - 60))
    # then it has a whole new allowance, in a window starting now
    assert here.charge(ADA, 5)
    usage = here.usage(ADA)
    assert usage is not None and usage.used == 5 and usage.refills_at == started + 2 * WINDOW


def test_each_payer_has_its_own_allowance(contexts: runtime.Contexts, clock: FrozenClock) -> None:
    here = allowance(contexts, clock)
    assert here.charge(ADA, 100)
    assert not here.charge(ADA, 1)
    assert here.charge(Payer("user:charles", 100), 1)
    assert here.organisation("partner").allowance == 200
    assert here.client("192.0.2.7") == Payer("client:192.0.2.7", 100)


def test_no_allowance_applies_at_zero_points(contexts: runtime.Contexts, clock: FrozenClock) -> None:
    here = allowance(contexts, clock, points=0)
    assert not here.enabled
    assert all(here.charge(here.user("ada"), 1_000) for _ in range(10))
    assert here.usage(here.user("ada")) is None
    assert here.synced([here.user("ada")]) == [None]


def test_processes_see_each_others_points_after_a_flush(
    backend: str, contexts: runtime.Contexts, clock: FrozenClock
) -> None:
    # given two API processes sharing one store
    first, second = allowance(contexts, clock), allowance(contexts, clock)
    # when the first accepts 70 points from Ada and flushes them
    assert first.charge(ADA, 70)
    first.flush()
    # then the second, which knew nothing, accepts her next request (the overshoot a flush bounds)...
    assert second.charge(ADA, 40)
    # ...and, once it has flushed, knows her allowance is spent
    second.flush()
    assert not second.charge(ADA, 1)
    usage = second.usage(ADA)
    assert usage is not None and usage.used == 110
    # and the first learns it at its next flush of her points
    assert first.charge(ADA, 1)
    first.flush()
    assert not first.charge(ADA, 1)


def test_a_synced_usage_counts_every_process(backend: str, contexts: runtime.Contexts, clock: FrozenClock) -> None:
    first, second = allowance(contexts, clock), allowance(contexts, clock)
    assert first.charge(ADA, 30)
    first.flush()
    assert second.charge(ADA, 5)
    # when the second is asked with every process counted (it flushes its own points first)
    (usage,) = second.synced([ADA])
    # then
    assert usage is not None and (usage.used, usage.remaining) == (35, 65)
    # and a payer no process has seen has its whole allowance
    assert second.synced([Payer("user:nobody", 100)])[0] == second.usage(Payer("user:nobody", 100))


def test_a_process_joining_a_window_adopts_the_window_of_the_first(
    backend: str, contexts: runtime.Contexts, clock: FrozenClock
) -> None:
    # given Ada's window, begun in the first process
    first, second = allowance(contexts, clock), allowance(contexts, clock)
    started = clock.now().timestamp()
    assert first.charge(ADA, 10)
    first.flush()
    # when the second process first sees her a minute later
    clock.advance(timedelta(seconds=60))
    assert second.charge(ADA, 10)
    second.flush()
    # then her window is the one that began first, everywhere
    usage = second.usage(ADA)
    assert usage is not None and usage.refills_at == started + WINDOW and usage.used == 20


def test_an_ended_window_is_replaced_and_points_of_an_ended_window_are_dropped(
    backend: str, contexts: runtime.Contexts, clock: FrozenClock
) -> None:
    store = SharedUsage(contexts.read.store)
    start = clock.now().timestamp()
    assert store.add([("user:ada", start, 60)], WINDOW) == {"user:ada": (start, 60)}
    # a process that began a new window after the old one ended replaces it
    assert store.add([("user:ada", start + WINDOW, 5)], WINDOW) == {"user:ada": (start + WINDOW, 5)}
    # points sent late for the window that ended count for nothing
    assert store.add([("user:ada", start, 7)], WINDOW) == {"user:ada": (start + WINDOW, 5)}
    # and several payers go in one statement
    totals = store.add([("user:ada", start + WINDOW + 1, 1), ("user:charles", start + WINDOW, 2)], WINDOW)
    assert totals == {"user:ada": (start + WINDOW, 6), "user:charles": (start + WINDOW, 2)}


def test_ended_windows_are_purged_here_and_from_the_store(
    backend: str, contexts: runtime.Contexts, clock: FrozenClock
) -> None:
    # given Ada's points flushed, and Charles's a while later
    here = allowance(contexts, clock)
    charles = Payer("user:charles", 100)
    assert here.charge(ADA, 10)
    clock.advance(timedelta(seconds=WINDOW // 2))
    assert here.charge(charles, 10)
    here.flush()
    # when Ada's window has ended and the allowance is purged
    clock.advance(timedelta(seconds=WINDOW // 2))
    here.purge()
    # then only Charles's window is left, in the store as here
    rows = contexts.read.store.rows("SELECT payer FROM rate_limit_usage")
    assert rows == [("user:charles",)]
    assert set(here._tallies) == {"user:charles"}


def test_an_early_flush_is_due_once_a_payer_passes_a_tenth_of_its_allowance(
    contexts: runtime.Contexts, clock: FrozenClock
) -> None:
    here = allowance(contexts, clock)
    assert here.charge(ADA, 9)
    assert not here.due.is_set()
    assert here.charge(ADA, 1)
    assert here.due.is_set()


class FailingStore:
    """A store that is down: every addition fails."""

    def add(self, points: Sequence[tuple[str, float, int]], window_seconds: int) -> dict[str, Spent]:
        raise ConnectionError("the read store is down")

    def read(self, payers: Sequence[str], now: float, window_seconds: int) -> dict[str, Spent]:
        raise ConnectionError("the read store is down")

    def purge(self, now: float, window_seconds: int) -> None:
        raise ConnectionError("the read store is down")


def test_points_that_could_not_be_flushed_stay_counted_and_go_with_the_next_flush(
    contexts: runtime.Contexts, clock: FrozenClock
) -> None:
    # given a flush that fails
    here = PointsAllowance(100, 200, WINDOW, FailingStore(), clock)
    assert here.charge(ADA, 60)
    with pytest.raises(ConnectionError):
        here.flush()
    # then the points still count here
    assert here.charge(ADA, 40)
    assert not here.charge(ADA, 1)
    # and reach the store once it is back
    here.store = SharedUsage(contexts.read.store)
    here.flush()
    assert contexts.read.store.rows("SELECT used FROM rate_limit_usage WHERE payer = %s", ("user:ada",)) == [(100,)]


def test_the_flusher_shares_the_points_soon_and_once_more_when_it_closes(
    contexts: runtime.Contexts, clock: FrozenClock
) -> None:
    # given a running flusher
    here = allowance(contexts, clock)
    flusher = Flusher.start(here)
    assert flusher is not None
    used = "SELECT used FROM rate_limit_usage WHERE payer = %s"
    try:
        # when a payer's points pass a tenth of its allowance, they are shared well within a flush interval
        assert here.charge(ADA, 20)
        deadline = time.monotonic() + 5
        while not contexts.read.store.rows(used, ("user:ada",)) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert contexts.read.store.rows(used, ("user:ada",)) == [(20,)]
        assert here.charge(ADA, 1)
    finally:
        flusher.close()
    # then closing it shared what was left
    assert contexts.read.store.rows(used, ("user:ada",)) == [(21,)]


def test_no_flusher_runs_where_no_allowance_applies(contexts: runtime.Contexts, clock: FrozenClock) -> None:
    assert Flusher.start(allowance(contexts, clock, points=0)) is None


def test_a_synced_usage_falls_back_on_what_this_process_knows_when_the_store_is_down(
    contexts: runtime.Contexts, clock: FrozenClock
) -> None:
    here = PointsAllowance(100, 200, WINDOW, FailingStore(), clock)
    assert here.charge(ADA, 30)
    (usage,) = here.synced([ADA])
    assert usage is not None and usage.used == 30
