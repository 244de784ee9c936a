"""Failure counters in the database, so that every API process sees the same counts."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from psycopg_pool import ConnectionPool

from domain.shared.clock import Clock

_UPSERT = (
    "INSERT INTO login_throttle (key, window_start, hits) VALUES ({p}, {p}, 1) "
    "ON CONFLICT (key) DO UPDATE SET "
    "hits = CASE WHEN login_throttle.window_start = excluded.window_start THEN login_throttle.hits + 1 ELSE 1 END, "
    "window_start = excluded.window_start"
)
_CREATE = (
    "CREATE TABLE IF NOT EXISTS login_throttle "
    "(key TEXT PRIMARY KEY, window_start BIGINT NOT NULL, hits INTEGER NOT NULL)"
)


def _window(clock: Clock, window_seconds: int) -> int:
    return int(clock.now().timestamp()) // window_seconds * window_seconds


class SQLiteThrottle:
    def __init__(self, path: Path, clock: Clock) -> None:
        self._path, self._clock = path, clock
        self._local = threading.local()
        with self._connection() as db:
            db.execute(_CREATE)

    def _connection(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self._path, timeout=5, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            self._local.db = db
        return db

    def failures(self, keys: list[str], window_seconds: int) -> dict[str, int]:
        marks = ",".join("?" * len(keys))
        rows = self._connection().execute(
            f"SELECT key, hits FROM login_throttle WHERE window_start = ? AND key IN ({marks})",
            [_window(self._clock, window_seconds), *keys],
        )
        found = dict(rows.fetchall())
        return {key: found.get(key, 0) for key in keys}

    def record_failure(self, keys: list[str], window_seconds: int) -> None:
        start = _window(self._clock, window_seconds)
        self._connection().executemany(_UPSERT.format(p="?"), [(key, start) for key in keys])


class PostgresThrottle:
    def __init__(self, conninfo: str, schema: str, clock: Clock) -> None:
        self._clock = clock
        self._pool = ConnectionPool(
            conninfo, min_size=1, max_size=4, open=True, kwargs={"options": f"-c search_path={schema}"}
        )
        with self._pool.connection() as db:
            db.execute(_CREATE)

    def failures(self, keys: list[str], window_seconds: int) -> dict[str, int]:
        with self._pool.connection() as db:
            rows = db.execute(
                "SELECT key, hits FROM login_throttle WHERE window_start = %s AND key = ANY(%s)",
                (_window(self._clock, window_seconds), keys),
            ).fetchall()
        found: dict[str, int] = dict(rows)
        return {key: found.get(key, 0) for key in keys}

    def record_failure(self, keys: list[str], window_seconds: int) -> None:
        start = _window(self._clock, window_seconds)
        with self._pool.connection() as db, db.cursor() as cur:
            cur.executemany(_UPSERT.format(p="%s"), [(key, start) for key in keys])

    def close(self) -> None:
        self._pool.close()
