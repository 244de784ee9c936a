"""The key table: each account user's data key, wrapped under a key derived from the master key.

Kept in identity's store: a table in the identity SQLite file, or `identity_personal_keys` beside
identity's event table on PostgreSQL. A row is made the first time an event about the person is
written (idempotently: two processes racing keep the first row); destroying a key overwrites the
wrapped key with NULL and records when and by whom, so that a destroyed key is known as destroyed
(a tombstone), never merely missing, and is never made again.

Keys are cached per process, bounded in number. A live key is trusted for `ttl` seconds, and at
most every `ttl` seconds the table's count of tombstones is read again: when it moved, every cached
key is dropped and the listeners (the applications' aggregate caches) are told, so a process that
goes on working stops answering an erased person's data within `ttl` seconds of the erasure.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from psycopg import sql

_NONCE = 12
_FOREVER = float("inf")


def wrapping_key(master_key_b64: str) -> bytes:
    """The key that wraps data keys: derived from the master key, never the master key itself."""
    return hmac.new(base64.b64decode(master_key_b64), b"kraken-es personal data keys", hashlib.sha256).digest()


class KeyTable:
    """Caching, wrapping and tombstones; a subclass runs the statements on its database."""

    def __init__(
        self,
        wrap_key: bytes,
        ttl_seconds: float,
        size: int = 10_000,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._wrap = AESGCM(wrap_key)
        self.ttl = ttl_seconds
        self.size = size
        self._monotonic = monotonic
        self._lock = threading.RLock()
        # subject -> (its key, or None once destroyed; until when the entry may be trusted)
        self._cache: OrderedDict[str, tuple[AESGCM | None, float]] = OrderedDict()
        self._listeners: list[Callable[[], None]] = []
        self._tombstones = -1
        self._next_check = 0.0

    # What the mapper asks ------------------------------------------------------------------------

    def key_for_writing(self, subject: str) -> AESGCM | None:
        found, known = self._cached(subject)
        if known:
            return found
        row = self._select(subject)
        if row is None:
            self._insert(subject, self._wrapped(subject, os.urandom(32)))
            # Another process may have made it first: the row in the table is the key.
            row = self._select(subject)
            if row is None:
                raise RuntimeError(f"the key of {subject} was neither made nor found")
        return self._remember(subject, row[0])

    def key_for_reading(self, subject: str) -> AESGCM | None:
        found, known = self._cached(subject)
        if known:
            return found
        row = self._select(subject)
        if row is None:
            return None
        return self._remember(subject, row[0])

    # What erasure does ---------------------------------------------------------------------------

    def destroy(self, subject: str, by: str, at: datetime) -> bool:
        """Destroys the subject's key (a tombstone stays); False if it was already destroyed."""
        destroyed = self._tombstone(subject, by, at)
        with self._lock:
            self._cache[subject] = (None, _FOREVER)
        self._tell_listeners()
        return destroyed

    def erased(self, subject: str) -> tuple[datetime, str] | None:
        """When and by whom the subject's key was destroyed; None while it lives (or never was)."""
        return self._erasure(subject)

    def forget_snapshots(self, originator_id: UUID) -> None:
        """Deletes identity's snapshots of one aggregate: a snapshot keeps its state in clear (under the
        store's cipher only), so an erased person's must go; the next is taken from their events."""
        self._delete_snapshots(originator_id)

    def on_erasure(self, listener: Callable[[], None]) -> None:
        """`listener` is called when this process learns that a key was destroyed (here or elsewhere)."""
        self._listeners.append(listener)

    def close(self) -> None:
        """Releases the table's connection."""

    # ---------------------------------------------------------------------------------------------

    def _cached(self, subject: str) -> tuple[AESGCM | None, bool]:
        now = self._monotonic()
        if now >= self._next_check:
            self._next_check = now + self.ttl
            self._check_tombstones()
        with self._lock:
            entry = self._cache.get(subject)
            if entry is None or entry[1] <= now:
                return None, False
            self._cache.move_to_end(subject)
            return entry[0], True

    def _check_tombstones(self) -> None:
        count = self._count_tombstones()
        if count == self._tombstones:
            return
        first = self._tombstones < 0
        self._tombstones = count
        if not first:
            with self._lock:
                self._cache.clear()
            self._tell_listeners()

    def _remember(self, subject: str, wrapped: bytes | None) -> AESGCM | None:
        key = None if wrapped is None else AESGCM(self._unwrapped(subject, wrapped))
        with self._lock:
            self._cache[subject] = (key, _FOREVER if key is None else self._monotonic() + self.ttl)
            self._cache.move_to_end(subject)
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return key

    def _tell_listeners(self) -> None:
        for listener in self._listeners:
            listener()

    def _wrapped(self, subject: str, key: bytes) -> bytes:
        nonce = os.urandom(_NONCE)
        return nonce + self._wrap.encrypt(nonce, key, subject.encode())

    def _unwrapped(self, subject: str, wrapped: bytes) -> bytes:
        return self._wrap.decrypt(wrapped[:_NONCE], wrapped[_NONCE:], subject.encode())

    # The statements ------------------------------------------------------------------------------

    def _select(self, subject: str) -> tuple[bytes | None] | None:
        raise NotImplementedError

    def _insert(self, subject: str, wrapped: bytes) -> None:
        raise NotImplementedError

    def _tombstone(self, subject: str, by: str, at: datetime) -> bool:
        raise NotImplementedError

    def _erasure(self, subject: str) -> tuple[datetime, str] | None:
        raise NotImplementedError

    def _count_tombstones(self) -> int:
        raise NotImplementedError

    def _delete_snapshots(self, originator_id: UUID) -> None:
        raise NotImplementedError


class SQLiteKeyTable(KeyTable):
    """The key table in identity's SQLite file. secure_delete overwrites a destroyed key's bytes in
    the file, and a checkpoint after each destruction empties the write-ahead log of them."""

    _CREATE = (
        "CREATE TABLE IF NOT EXISTS personal_keys (subject TEXT PRIMARY KEY, wrapped_key BLOB, "
        "created_at REAL NOT NULL, erased_at TEXT, erased_by TEXT)"
    )

    def __init__(self, path: Path | str, wrap_key: bytes, ttl_seconds: float, timeout: float = 5.0, **kw: Any) -> None:
        super().__init__(wrap_key, ttl_seconds, **kw)
        self._db = sqlite3.connect(str(path), timeout=timeout, check_same_thread=False, isolation_level=None)
        self._db_lock = threading.Lock()
        with self._db_lock:
            self._db.execute("PRAGMA secure_delete = ON")
            self._db.execute(self._CREATE)

    def _run(self, statement: str, params: tuple[Any, ...] = ()) -> list[Any]:
        with self._db_lock:
            return self._db.execute(statement, params).fetchall()

    def _select(self, subject: str) -> tuple[bytes | None] | None:
        rows = self._run("SELECT wrapped_key FROM personal_keys WHERE subject = ?", (subject,))
        return (rows[0][0],) if rows else None

    def _insert(self, subject: str, wrapped: bytes) -> None:
        self._run(
            "INSERT INTO personal_keys (subject, wrapped_key, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT (subject) DO NOTHING",
            (subject, wrapped, time.time()),
        )

    def _tombstone(self, subject: str, by: str, at: datetime) -> bool:
        with self._db_lock:
            changed = self._db.execute(
                "INSERT INTO personal_keys (subject, wrapped_key, created_at, erased_at, erased_by) "
                "VALUES (?, NULL, ?, ?, ?) ON CONFLICT (subject) DO UPDATE SET wrapped_key = NULL, "
                "erased_at = excluded.erased_at, erased_by = excluded.erased_by WHERE personal_keys.erased_at IS NULL",
                (subject, time.time(), at.isoformat(), by),
            ).rowcount
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return bool(changed)

    def _erasure(self, subject: str) -> tuple[datetime, str] | None:
        rows = self._run(
            "SELECT erased_at, erased_by FROM personal_keys WHERE subject = ? AND erased_at IS NOT NULL", (subject,)
        )
        return (datetime.fromisoformat(rows[0][0]), rows[0][1]) if rows else None

    def _count_tombstones(self) -> int:
        return int(self._run("SELECT count(*) FROM personal_keys WHERE erased_at IS NOT NULL")[0][0])

    def _delete_snapshots(self, originator_id: UUID) -> None:
        with self._db_lock:
            exists = self._db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'stored_snapshots'")
            if exists.fetchone():
                self._db.execute("DELETE FROM stored_snapshots WHERE originator_id = ?", (originator_id.hex,))
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        with self._db_lock:
            self._db.close()


class PostgresKeyTable(KeyTable):
    """The key table beside identity's events on PostgreSQL. After a destruction the table is vacuumed,
    so that the dead row version holding the wrapped key does not linger in the table's pages."""

    def __init__(self, url: str, schema: str, wrap_key: bytes, ttl_seconds: float, **kw: Any) -> None:
        super().__init__(wrap_key, ttl_seconds, **kw)
        self._url = url
        self._schema = schema
        self._table = sql.Identifier(schema, "identity_personal_keys")
        self._db: psycopg.Connection[Any] | None = None
        self._db_lock = threading.Lock()
        self._run(
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {} (subject TEXT PRIMARY KEY, wrapped_key BYTEA, "
                "created_at TIMESTAMPTZ NOT NULL DEFAULT now(), erased_at TIMESTAMPTZ, erased_by TEXT)"
            ).format(self._table)
        )

    def _run(self, statement: sql.SQL | sql.Composed, params: tuple[Any, ...] = ()) -> list[Any]:
        with self._db_lock:
            for attempt in (1, 2):
                try:
                    if self._db is None or self._db.closed:
                        self._db = psycopg.connect(self._url, autocommit=True)
                    cursor = self._db.execute(statement, params)
                    return cursor.fetchall() if cursor.description else [cursor.rowcount]
                except psycopg.OperationalError:
                    # A dropped connection: once more on a fresh one.
                    self._db = None
                    if attempt == 2:
                        raise
            raise AssertionError("unreachable")

    def _select(self, subject: str) -> tuple[bytes | None] | None:
        rows = self._run(sql.SQL("SELECT wrapped_key FROM {} WHERE subject = %s").format(self._table), (subject,))
        if not rows:
            return None
        return (None if rows[0][0] is None else bytes(rows[0][0]),)

    def _insert(self, subject: str, wrapped: bytes) -> None:
        self._run(
            sql.SQL("INSERT INTO {} (subject, wrapped_key) VALUES (%s, %s) ON CONFLICT (subject) DO NOTHING").format(
                self._table
            ),
            (subject, wrapped),
        )

    def _tombstone(self, subject: str, by: str, at: datetime) -> bool:
        changed = self._run(
            sql.SQL(
                "INSERT INTO {table} (subject, wrapped_key, erased_at, erased_by) VALUES (%s, NULL, %s, %s) "
                "ON CONFLICT (subject) DO UPDATE SET wrapped_key = NULL, erased_at = excluded.erased_at, "
                "erased_by = excluded.erased_by WHERE {table}.erased_at IS NULL"
            ).format(table=self._table),
            (subject, at, by),
        )
        self._run(sql.SQL("VACUUM {}").format(self._table))
        return bool(changed[0])

    def _erasure(self, subject: str) -> tuple[datetime, str] | None:
        rows = self._run(
            sql.SQL("SELECT erased_at, erased_by FROM {} WHERE subject = %s AND erased_at IS NOT NULL").format(
                self._table
            ),
            (subject,),
        )
        return (rows[0][0], rows[0][1]) if rows else None

    def _count_tombstones(self) -> int:
        return int(self._run(sql.SQL("SELECT count(*) FROM {} WHERE erased_at IS NOT NULL").format(self._table))[0][0])

    def _delete_snapshots(self, originator_id: UUID) -> None:
        snapshots = sql.Identifier(self._schema, "identity_snapshots")
        found = self._run(sql.SQL("SELECT to_regclass(%s)"), (f"{self._schema}.identity_snapshots",))
        if found and found[0][0] is not None:
            self._run(sql.SQL("DELETE FROM {} WHERE originator_id = %s").format(snapshots), (originator_id,))
            self._run(sql.SQL("VACUUM {}").format(snapshots))

    def close(self) -> None:
        with self._db_lock:
            if self._db is not None:
                self._db.close()
                self._db = None
