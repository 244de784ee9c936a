"""The read-model database: one SQLite file on the embedded default, PostgreSQL in production.

Views write their rows and the projection's position in one transaction (`advance` refuses to
move a position that another runner already moved), so every event is applied exactly once and a
second runner started by mistake only wastes work. SQL is written once with `%s` placeholders; a
batch's new rows go in through `insert_rows` (COPY on PostgreSQL).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence, Sized
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import psycopg
from psycopg_pool import ConnectionPool

_POSITIONS = (
    "CREATE TABLE IF NOT EXISTS projection_positions "
    "(projection TEXT NOT NULL, upstream TEXT NOT NULL, position BIGINT NOT NULL, PRIMARY KEY (projection, upstream))"
)


def marks(values: Sized) -> str:
    """One `%s` placeholder per value, for `IN (...)` and `VALUES (...)`."""
    return ", ".join(["%s"] * len(values))


class PositionMoved(RuntimeError):
    """Another runner applied these events first; this transaction is rolled back."""


class Cursor(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any: ...
    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> Any: ...
    # A batch's rows in one go, the fastest way the backend has, rather than a statement per row.
    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None: ...
    def fetchall(self) -> list[Any]: ...

    @property
    def rowcount(self) -> int: ...


class ReadStore:
    """Transactions and queries on the read-model database, for both backends."""

    def transaction(self) -> Any:
        raise NotImplementedError

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.transaction() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())

    def position(self, projection: str, upstream: str) -> int:
        found = self.rows(
            "SELECT position FROM projection_positions WHERE projection = %s AND upstream = %s", (projection, upstream)
        )
        return int(found[0][0]) if found else 0

    @staticmethod
    def advance(cursor: Cursor, projection: str, upstream: str, expected: int, new: int) -> None:
        cursor.execute(
            "UPDATE projection_positions SET position = %s WHERE projection = %s AND upstream = %s AND position = %s",
            (new, projection, upstream, expected),
        )
        if cursor.rowcount == 1:
            return
        if expected == 0:
            cursor.execute(
                "INSERT INTO projection_positions (projection, upstream, position) VALUES (%s, %s, %s) "
                "ON CONFLICT (projection, upstream) DO NOTHING",
                (projection, upstream, new),
            )
            if cursor.rowcount == 1:
                return
        raise PositionMoved(f"{projection} on {upstream} is no longer at {expected}")

    def close(self) -> None:
        """Release connections."""


class _SQLiteCursor:
    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._cursor.execute(sql.replace("%s", "?"), tuple(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> Any:
        return self._cursor.executemany(sql.replace("%s", "?"), [tuple(r) for r in rows])

    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        # In process, executemany is one call into SQLite: there is no round trip to save.
        slots = ", ".join(["?"] * len(columns))
        self._cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({slots})", rows)

    def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount


class SQLiteReadStore(ReadStore):
    def __init__(self, path: Path) -> None:
        self._path = path
        self._local = threading.local()
        with self.transaction() as cursor:
            cursor.execute(_POSITIONS)

    def _connection(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self._path, timeout=10, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
        return db

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        db = self._connection()
        # IMMEDIATE takes the write lock up front: two writers never deadlock upgrading a read.
        db.execute("BEGIN IMMEDIATE")
        try:
            yield _SQLiteCursor(db.cursor())
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        # Reads need no write lock: WAL readers see the last committed state.
        return list(self._connection().execute(sql.replace("%s", "?"), tuple(params)).fetchall())


class _PostgresCursor:
    def __init__(self, cursor: psycopg.Cursor[Any]) -> None:
        self._cursor = cursor

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        return self._cursor.execute(sql, params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> Any:
        return self._cursor.executemany(sql, rows)

    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        # COPY streams the rows in one statement; executemany would still bind and send each row on its own
        # (and one huge multi-row INSERT costs psycopg more to parse than it saves).
        if not rows:
            return
        with self._cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount


class PostgresReadStore(ReadStore):
    def __init__(self, conninfo: str, schema: str, max_size: int = 8) -> None:
        self.conninfo, self.schema = conninfo, schema
        # Autocommit: a read is its one statement, where an implicit transaction would cost a BEGIN
        # before it and a ROLLBACK when the pool takes the connection back (three round trips for one).
        # `transaction()` still opens a real one.
        self._pool = ConnectionPool(
            conninfo,
            min_size=1,
            max_size=max_size,
            open=True,
            kwargs={"options": f"-c search_path={schema}", "autocommit": True},
        )
        with self.transaction() as cursor:
            cursor.execute(_POSITIONS)

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        with self._pool.connection() as db, db.transaction(), db.cursor() as cursor:
            yield _PostgresCursor(cursor)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._pool.connection() as db:
            return list(db.execute(sql, tuple(params)).fetchall())

    def close(self) -> None:
        self._pool.close()
