"""Phase 1: the ceiling every rate is measured against, and eventsourcing's own append path beside it.

The ceiling is the database's raw rate of event-shaped appends, one client, each its own transaction
taking the table's write lock as an event store does: on PostgreSQL `BEGIN; LOCK TABLE ... IN EXCLUSIVE
MODE; INSERT one row; COMMIT` through psycopg directly, on SQLite `BEGIN IMMEDIATE; INSERT; COMMIT` in
WAL mode. Nothing the project does can append faster than this on the same machine.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import psycopg
from eventsourcing.domain import Aggregate
from psycopg import sql

from domain.shared.application import ContextApplication
from ops.bench.processes import cpu_during, process_groups
from settings import Settings


class Tick(Aggregate):
    """The smallest aggregate: its one (created) event is what the baseline appends."""


class BenchAppends(ContextApplication):
    """Same persistence settings and mapper as the contexts; its own table (PostgreSQL) or file (SQLite)."""

    name = "BenchAppends"


# An event's state as the contexts store it is a few hundred bytes of JSON.
_STATE = b'{"points":1,"account_number":"A-00000000","at":"2026-01-01T00:00:00+00:00"}' * 3


@dataclasses.dataclass(frozen=True)
class Appends:
    count: int
    seconds: float
    cpu: dict[str, float]  # cores busy meanwhile, by process group

    @property
    def rate(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0


def raw_ceiling(settings: Settings, seconds: float) -> Appends:
    """Event-shaped appends straight through the database driver, one transaction each, for `seconds`."""
    if settings.uses_postgres:
        return _raw_postgres(settings, seconds)
    return _raw_sqlite(settings, seconds)


def _raw_postgres(settings: Settings, seconds: float) -> Appends:
    table = sql.Identifier(settings.database_schema, "raw_ceiling")
    with psycopg.connect(settings.database_url, autocommit=True) as db:
        db.execute(
            sql.SQL(
                "CREATE TABLE {} (originator_id uuid NOT NULL, originator_version bigint NOT NULL, topic text, "
                "state bytea, notification_id bigserial UNIQUE, PRIMARY KEY (originator_id, originator_version))"
            ).format(table)
        )
        lock = sql.SQL("LOCK TABLE {} IN EXCLUSIVE MODE").format(table)
        insert = sql.SQL(
            "INSERT INTO {} (originator_id, originator_version, topic, state) VALUES (%s, 1, 'bench:Tick', %s)"
        ).format(table)

        def append() -> None:
            with db.transaction():
                db.execute(lock, prepare=True)
                db.execute(insert, (uuid.uuid4(), _STATE), prepare=True)

        return _timed(settings, seconds, append)


def _raw_sqlite(settings: Settings, seconds: float) -> Appends:
    db = sqlite3.connect(Path(settings.data_dir) / "raw_ceiling.db", isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(
            "CREATE TABLE events (notification_id INTEGER PRIMARY KEY AUTOINCREMENT, originator_id TEXT NOT NULL, "
            "originator_version INTEGER NOT NULL, topic TEXT, state BLOB, UNIQUE (originator_id, originator_version))"
        )

        def append() -> None:
            db.execute("BEGIN IMMEDIATE")
            db.execute(
                "INSERT INTO events (originator_id, originator_version, topic, state) VALUES (?, 1, 'bench:Tick', ?)",
                (str(uuid.uuid4()), _STATE),
            )
            db.execute("COMMIT")

        return _timed(settings, seconds, append)
    finally:
        db.close()


def _timed(settings: Settings, seconds: float, append: Callable[[], None]) -> Appends:
    append()  # creates the table and prepares the statements outside the measured loop

    def loop() -> tuple[int, float]:
        count, started = 0, time.perf_counter()
        deadline = started + seconds
        while time.perf_counter() < deadline:
            append()
            count += 1
        return count, time.perf_counter() - started

    (count, elapsed), cpu, _ = cpu_during(process_groups(settings), loop)
    return Appends(count, elapsed, cpu)


def append_baseline(settings: Settings, seconds: float) -> Appends:
    """Appends through the project's own path, an application's save of one new aggregate, for `seconds`."""
    app = BenchAppends(settings.store_env("bench_appends"))
    try:
        # Measured while the connection is open: its PostgreSQL backend exits with it, and its CPU time too.
        def append() -> None:
            app.save(Tick())

        return _timed(settings, seconds, append)
    finally:
        app.close()
