"""Phase 3: the database's work per mutation (transactions, statements, table reads and writes), from
PostgreSQL's own counters."""

from __future__ import annotations

import dataclasses
import time

import psycopg
from psycopg import sql

from ops.bench.server import application_name
from settings import Settings

# PostgreSQL backends flush their transaction counters when idle, at most 10 s late (PGSTAT_IDLE_INTERVAL).
STATS_FLUSH_SECONDS = 11.0
NOISE_WINDOW_SECONDS = 3.0


@dataclasses.dataclass(frozen=True)
class RoundTrips:
    """Database work per mutation during the HTTP phases (None: not measurable here, see notes)."""

    mutations: int = 0
    transactions: float | None = None
    statements: float | None = None
    table_reads: float | None = None
    rows_written: float | None = None
    notes: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class _Counts:
    at: float
    transactions: int
    statements: int | None
    table_reads: int
    rows_written: int


class PostgresCounters:
    """The database's own counters: transactions of the whole database (other sessions included, so
    their rate is measured separately and subtracted), statements when pg_stat_statements is loaded,
    and table reads/writes of the scratch schema (which only the benchmark uses)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.db = psycopg.connect(settings.database_url, autocommit=True)
        self.statements_view, self.notes = self._find_statements_view()

    def _find_statements_view(self) -> tuple[sql.Composable | None, list[str]]:
        schema = self.settings.database_schema
        try:
            # Created in the scratch schema unless it exists already, so that dropping the schema removes it.
            self.db.execute(
                sql.SQL("CREATE EXTENSION IF NOT EXISTS pg_stat_statements WITH SCHEMA {}").format(
                    sql.Identifier(schema)
                )
            )
            row = self.db.execute(
                "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                "WHERE e.extname = 'pg_stat_statements'"
            ).fetchone()
            view = sql.SQL("{}.pg_stat_statements").format(sql.Identifier(row[0] if row else schema))
            self.db.execute(sql.SQL("SELECT count(*) FROM {}").format(view))
        except psycopg.Error as exc:
            reason = str(exc).strip().splitlines()[0]
            return None, [f"statements per mutation skipped: pg_stat_statements is unavailable ({reason})"]
        return view, []

    def _counts(self) -> _Counts:
        row = self.db.execute(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()"
        ).fetchone()
        statements = None
        if self.statements_view is not None:
            query = sql.SQL(
                "SELECT coalesce(sum(calls), 0) FROM {} WHERE dbid = "
                "(SELECT oid FROM pg_database WHERE datname = current_database())"
            ).format(self.statements_view)
            statements = int(self.db.execute(query).fetchone()[0])  # type: ignore[index]
        tables = self.db.execute(
            "SELECT coalesce(sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0)), 0),"
            " coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)"
            " FROM pg_stat_user_tables WHERE schemaname = %s",
            (self.settings.database_schema,),
        ).fetchone()
        return _Counts(
            at=time.monotonic(),
            transactions=int(row[0]) if row else 0,
            statements=statements,
            table_reads=int(tables[0]) if tables else 0,
            rows_written=int(tables[1]) if tables else 0,
        )

    def settled(self) -> _Counts:
        """The counters once the server's idle connections have flushed what they did so far."""
        time.sleep(STATS_FLUSH_SECONDS)
        return self._counts()

    def since(self, before: _Counts, mutations: int) -> RoundTrips:
        """Per mutation since `before`; call after the server has stopped (a backend flushes as it exits)."""
        self._wait_for_server_connections_to_close()
        after = self._counts()
        # Whatever else runs on this database goes on while we watch nothing but it: that is the noise.
        time.sleep(NOISE_WINDOW_SECONDS)
        idle = self._counts()
        window = after.at - before.at
        noise_tx = (idle.transactions - after.transactions) / (idle.at - after.at) * window
        notes = [
            *self.notes,
            f"transactions: {after.transactions - before.transactions} in the database during the HTTP phases,"
            f" less {noise_tx:.0f} from other sessions (their rate over a {NOISE_WINDOW_SECONDS:.0f} s idle window"
            f" after the server stopped)",
            "table reads = sequential + index scans, rows written = inserted/updated/deleted, both on the scratch"
            " schema only",
        ]
        if self.settings.store_env("loyalty").get("POSTGRES_PRE_PING") == "y":
            notes.append(
                "POSTGRES_PRE_PING=y: every connection checkout first sends an empty query (one more round trip),"
                " which PostgreSQL counts as a transaction of its own"
            )
        statements = None
        if before.statements is not None and after.statements is not None and idle.statements is not None:
            noise_st = (idle.statements - after.statements) / (idle.at - after.at) * window
            statements = (after.statements - before.statements - noise_st) / mutations
            notes.append(f"statements: {after.statements - before.statements}, less {noise_st:.0f} from others")
        return RoundTrips(
            mutations=mutations,
            transactions=(after.transactions - before.transactions - noise_tx) / mutations,
            statements=statements,
            table_reads=(after.table_reads - before.table_reads) / mutations,
            rows_written=(after.rows_written - before.rows_written) / mutations,
            notes=tuple(notes),
        )

    def server_connections(self) -> tuple[int, int]:
        """How many connections the API server holds, and the server's max_connections."""
        held = self.db.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", (application_name(self.settings),)
        ).fetchone()
        limit = self.db.execute("SHOW max_connections").fetchone()
        return int(held[0]) if held else 0, int(limit[0]) if limit else 0

    def _wait_for_server_connections_to_close(self) -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and self.server_connections()[0]:
            time.sleep(0.1)
        time.sleep(0.5)  # the last backends' counters reach the shared statistics as they exit

    def close(self) -> None:
        self.db.close()


def sqlite_round_trips() -> RoundTrips:
    return RoundTrips(notes=("SQLite: n/a (the store is a file in the API process: no network round trips)",))
