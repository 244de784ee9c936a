"""One `kraken bench` run: every phase in turn, on scratch data of the configured store.

The store is SQLite by default, PostgreSQL when KRAKEN_DATABASE_URL is set; the scratch data is a
fresh directory under the data dir or a fresh PostgreSQL schema `bench_<random>`, removed at the
end, so real data is never touched. With the CLI's defaults a run takes 55 s on SQLite and 75 s on
PostgreSQL on a 2-core box: three phases of `seconds`, ~20 s of seeding (an argon2 hash per user)
and, on PostgreSQL, 11 s for the database's statistics to settle.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable

import psycopg

from ops.bench.appends import append_baseline, raw_ceiling
from ops.bench.catch_up import rebuild_read_models
from ops.bench.collect import measure_collections
from ops.bench.load import HttpSetup
from ops.bench.measurements import measure_measurements
from ops.bench.report import Report
from ops.bench.scratch import scratch
from ops.bench.seed import seed
from ops.bench.transfers import measure_api
from settings import Settings


def run(
    settings: Settings,
    *,
    seconds: float,
    concurrency: int,
    workers: int,
    users: int,
    progress: Callable[[str], None] = lambda _: None,
) -> Report:
    """Measures everything in one run, on scratch data of the configured store (removed afterwards).

    `progress` is told each step as it starts (a run takes a few times `seconds`, plus the seeding).
    """
    if users < 2 or users % 2:
        raise ValueError("users: an even number of at least 2 (they are seeded in pairs sharing an account)")
    start_failures: list[str] = []
    with scratch(settings) as (fresh, directory):
        progress(f"ceiling: raw event-shaped appends through the driver for {seconds:g} s")
        ceiling = raw_ceiling(fresh, seconds)
        progress(f"baseline: an application's save of one event for {seconds / 2:g} s")
        baseline = append_baseline(fresh, seconds / 2)
        progress(f"seeding {users} users in {users // 2} shared accounts")
        pairs = seed(fresh, users // 2)
        setup = HttpSetup(fresh, directory, pairs, seconds, concurrency, workers, progress)
        api = measure_api(setup)
        collect, settlement = measure_collections(setup)
        progress("rebuilding every read model")
        catch_up = rebuild_read_models(fresh)
        progress(
            "water meters: importing a year of half-hourly reads, reading a year of days over HTTP, "
            f"then submitMeterReading with {concurrency} clients"
        )
        measurements = measure_measurements(
            fresh, directory, pairs[0], seconds / 2, workers, concurrency, start_failures
        )
    return Report(
        backend=backend(settings),
        cpus=os.cpu_count() or 1,
        workers=workers,
        concurrency=concurrency,
        seconds=seconds,
        users=users,
        ceiling=ceiling,
        baseline=baseline,
        warm_up=api.warm_up,
        peak=api.peak,
        open_loop_rate=api.open_loop_rate,
        half=api.half,
        round_trips=api.round_trips,
        reads=api.reads,
        dashboard=api.dashboard,
        catch_up=catch_up,
        peak_rss_mb=api.peak_rss_mb,
        connections=api.connections,
        collect=collect,
        settlement=settlement,
        measurements=measurements,
        server_start_failures=(*api.server_start_failures, *start_failures),
    )


def backend(settings: Settings) -> str:
    if not settings.uses_postgres:
        return f"SQLite {sqlite3.sqlite_version}"
    with psycopg.connect(settings.database_url) as db:
        row = db.execute("SHOW server_version").fetchone()
        commit = db.execute("SHOW synchronous_commit").fetchone()
    version = row[0] if row else "?"
    return f"PostgreSQL {version} (synchronous_commit={commit[0] if commit else '?'})"
