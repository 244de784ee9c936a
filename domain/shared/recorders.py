"""PostgreSQL recorders that append a command's events in one round trip, and read an aggregate's
events with statements composed once.

eventsourcing's own append is a client-side transaction: LOCK TABLE, NOTIFY, INSERT, a sync to read
the notification ids back, then COMMIT. The table's EXCLUSIVE lock, which keeps notification ids in
commit order for the followers, is held across those round trips, and in an API process the thread
holding it also waits for the GIL between them: under load the lock's hold time, not the database,
set the rate. Here the same four steps run inside one function call, in the single statement's own
transaction (the pool's connections are in autocommit), so the lock is held for the server's work
only. Appends that carry a tracking record (a process application's reaction) keep the library's
path: they are the followers', not a request's.

Every load of an aggregate selects its events; the library composes that statement from SQL parts
and psycopg renders it again on each call (a twentieth of a request's CPU). Here each of its few
shapes is rendered once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresProcessRecorder
from eventsourcing.utils import retry
from psycopg.sql import SQL, Composable, Identifier

from domain.shared import tracing


class _OneStatementAppend(PostgresApplicationRecorder):
    """The append in one statement; the selects of an aggregate's events rendered once per shape."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        schema = Identifier(self.datastore.schema)
        function = Identifier(f"{self.events_table_name}_append")
        self._select_statements: dict[tuple[bool, bool, bool, bool], str] = {}
        self._append_statement = (
            SQL("SELECT notification_id FROM {schema}.{function}(%s) AS ids(notification_id)")
            .format(schema=schema, function=function)
            .as_string(None)
        )
        self.sql_create_statements.append(
            SQL(
                "CREATE OR REPLACE FUNCTION {schema}.{function}(events {schema}.{event}[]) "
                "RETURNS SETOF bigint LANGUAGE plpgsql AS $BODY$ "
                "BEGIN "
                "SET LOCAL lock_timeout = '{lock_timeout}s'; "
                "LOCK TABLE {schema}.{table} IN EXCLUSIVE MODE; "
                "NOTIFY {channel}; "
                "RETURN QUERY INSERT INTO {schema}.{table} (originator_id, originator_version, topic, state) "
                "SELECT originator_id, originator_version, topic, state FROM unnest(events) "
                "RETURNING notification_id; "
                "END; $BODY$"
            ).format(
                schema=schema,
                function=function,
                event=Identifier(self.stored_event_type_name),
                lock_timeout=self.datastore.lock_timeout,
                table=Identifier(self.events_table_name),
                channel=Identifier(self.channel_name),
            )
        )

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        tracked = kwargs.get("tracking") is not None
        with tracing.appending("postgresql", stored_events, tracked):
            if tracked or not stored_events:
                inserted: Sequence[int] | None = super().insert_events(stored_events, **kwargs)
                return inserted
            events = [
                self.construct_pg_stored_event(e.originator_id, e.originator_version, e.topic, e.state)
                for e in stored_events
            ]
            appended: list[int] = self._append(events)
            return appended

    # As the library's own append: a dropped connection is retried on a fresh one.
    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def _append(self, events: list[Any]) -> list[int]:
        with self.datastore.get_connection() as connection, connection.cursor() as cursor:
            cursor.execute(self._append_statement, (events,), prepare=True)
            return [row["notification_id"] for row in cursor.fetchall()]

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def select_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> list[StoredEvent]:
        shape = (gt is not None, lte is not None, desc, limit is not None)
        statement = self._select_statements.get(shape)
        if statement is None:
            statement = self._select_statements[shape] = self._select_statement(*shape).as_string(None)
        params = [originator_id, *(bound for bound in (gt, lte, limit) if bound is not None)]
        with self.datastore.get_connection() as connection, connection.cursor() as cursor:
            cursor.execute(statement, params, prepare=True)
            return [
                StoredEvent(
                    originator_id=row["originator_id"],
                    originator_version=row["originator_version"],
                    topic=row["topic"],
                    state=bytes(row["state"]),
                )
                for row in cursor.fetchall()
            ]

    def _select_statement(self, after: bool, up_to: bool, desc: bool, limited: bool) -> Composable:
        """The library's statement for this shape of query, in the order its parameters come."""
        statement = self.select_events_statement
        if after:
            statement += SQL(" AND originator_version > %s")
        if up_to:
            statement += SQL(" AND originator_version <= %s")
        statement += SQL(" ORDER BY originator_version DESC" if desc else " ORDER BY originator_version ASC")
        if limited:
            statement += SQL(" LIMIT %s")
        return statement


class OneStatementApplicationRecorder(_OneStatementAppend):
    """A context's event store (an Application's recorder)."""


class OneStatementProcessRecorder(_OneStatementAppend, PostgresProcessRecorder):
    """A process application's store: requests' appends in one statement, reactions' with their tracking."""
