"""Phase 1, the baseline: the store's raw append rate, one aggregate event per transaction, one thread."""

from __future__ import annotations

import time

from eventsourcing.domain import Aggregate

from domain.shared.application import ContextApplication
from ops.bench.processes import cpu_during, process_groups
from settings import Settings


class Tick(Aggregate):
    """The smallest aggregate: its one (created) event is what the baseline appends."""


class BenchAppends(ContextApplication):
    """Same persistence settings and mapper as the contexts; its own table (PostgreSQL) or file (SQLite)."""

    name = "BenchAppends"


def append_baseline(settings: Settings, seconds: float) -> tuple[int, float, dict[str, float]]:
    """Appends for `seconds`; returns how many, in how long, and the cores busy meanwhile."""
    app = BenchAppends(settings.store_env("bench_appends"))
    try:
        app.save(Tick())  # creates the table and opens the connection outside the measured loop

        def append() -> tuple[int, float]:
            count, started = 0, time.perf_counter()
            deadline = started + seconds
            while time.perf_counter() < deadline:
                app.save(Tick())
                count += 1
            return count, time.perf_counter() - started

        # Measured while the connection is open: its PostgreSQL backend exits with it, and its CPU time too.
        (count, elapsed), cpu, _ = cpu_during(process_groups(settings), append)
        return count, elapsed, cpu
    finally:
        app.close()
