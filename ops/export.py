"""`kraken export`: one read model's table, the events, or the interval measurements as one Parquet or CSV
file, for analytics (DuckDB, pandas, a warehouse's loader).

Streaming: rows are read in bounded batches inside one read-only snapshot (a named, server-side cursor
on PostgreSQL; `fetchmany` on SQLite; the notification log page by page for events), so the count the
progress bar shows and the rows written agree, and each batch is written as it comes (a Parquet row group,
or CSV lines): memory holds one batch whatever the table's size. The file appears only when it is whole:
it is written beside its destination under a temporary name and renamed at the end.

The schema is the same from both backends: each table's columns are read from the DDL its projection
runs, executed in an in-memory SQLite database whichever backend holds the data, and each column's Arrow
type follows from its declared SQL type by the one mapping `_SQL_KINDS`, except two kinds of column:
integer ids (`id`, `number`, `*_id`, `*_number`) are written as strings, and the temporal columns named
table by table in `_TIMES` are written as UTC timestamps or dates. Money is already integer pence in
every read model.
"""

from __future__ import annotations

import dataclasses
import os
import re
import sqlite3
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import msgspec
import psycopg
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
from rich.console import Console
from rich.progress import MofNCompleteColumn, TextColumn
from rich.progress import Progress as RichProgress

from domain.shared.encoding import actor_of
from projections.catalogue import PROJECTIONS
from projections.contexts import Contexts
from projections.store import SQLiteReadStore
from projections.supply.measurement_store import SQLMeasurementStore
from settings import Settings

FORMATS = ("parquet", "csv")
BATCH_ROWS = 10_000
MAX_BATCH_ROWS = 100_000
EVENTS = "events"
MEASUREMENTS = "measurements"
# The contexts whose event stores `events` reads, in the order their rows are written.
CONTEXTS = tuple(field.name for field in fields(Contexts) if field.name != "read")
_MAX_SINCE_CHARS = 64
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


Progress = Callable[[int, int], None]
"""Told (rows done, rows in all) as batches are written."""


class ExportRefused(ValueError):
    """The export was asked for something it cannot do; the message says what and why."""


class Kind(StrEnum):
    """How a stored value becomes an Arrow value."""

    TEXT = "text"
    INTEGER = "integer"
    FLOAT = "float"
    BOOLEAN = "boolean"
    ID = "id"  # an integer id, written as text: ids are strings
    INSTANT = "instant"  # ISO 8601 text (or a datetime), written as a UTC timestamp
    DAY = "day"  # an ISO date as text, written as a date
    MICROS = "micros"  # microseconds since the epoch, written as a UTC timestamp
    SECONDS = "seconds"  # seconds since the epoch, written as a UTC timestamp


_TIMESTAMP = pa.timestamp("us", tz="UTC")
_ARROW: dict[Kind, pa.DataType] = {
    Kind.TEXT: pa.string(),
    Kind.INTEGER: pa.int64(),
    Kind.FLOAT: pa.float64(),
    Kind.BOOLEAN: pa.bool_(),
    Kind.ID: pa.string(),
    Kind.INSTANT: _TIMESTAMP,
    Kind.DAY: pa.date32(),
    Kind.MICROS: _TIMESTAMP,
    Kind.SECONDS: _TIMESTAMP,
}
# SQLite keeps BOOLEAN as 0/1 and PostgreSQL as true/false; both become Arrow booleans.
_CONVERT: dict[Kind, Callable[[Any], Any]] = {
    Kind.TEXT: str,
    Kind.INTEGER: int,
    Kind.FLOAT: float,
    Kind.BOOLEAN: bool,
    Kind.ID: str,
    Kind.INSTANT: lambda v: v if isinstance(v, datetime) else datetime.fromisoformat(v),
    Kind.DAY: date.fromisoformat,
    Kind.MICROS: int,  # an int is taken as the timestamp's microseconds
    Kind.SECONDS: lambda v: int(v) * 1_000_000,
}
# Every SQL type a read model declares; a new one fails the tests until it is given its kind here.
_SQL_KINDS = {
    "TEXT": Kind.TEXT,
    "BIGINT": Kind.INTEGER,
    "INTEGER": Kind.INTEGER,
    "DOUBLE PRECISION": Kind.FLOAT,
    "BOOLEAN": Kind.BOOLEAN,
}
_ID = re.compile(r"(.+_)?(id|number)$")

T, D, US, S = Kind.INSTANT, Kind.DAY, Kind.MICROS, Kind.SECONDS
# The temporal columns of each table; the first named is its natural time, the column --since filters
# on (a table whose dict is empty or absent has none, and refuses --since). Every other TEXT column stays
# text: JSON documents (lines, items), decimal rates (water products' standing charge and volumetric
# rate, in pence with fractions) and yyyy-mm periods among them.
_TIMES: dict[str, dict[str, Kind]] = {
    "accounts": {"opened_at": T},
    "property_occupancies": {"effective_from": D, "effective_to": D},
    "account_references": {"created_at": T, "updated_at": T},
    "feedback_requests": {"requested_at": T, "answered_at": T},
    "account_users": {"registered_at": T, "date_of_birth": D},
    "mfa_devices": {"created_at": T, "validated_at": T},
    "loyalty_ledger_entries": {"posted_at": T},
    "loyalty_referrals": {"created_at": T, "payable_from": T, "paid_at": T},
    "loyalty_referral_schemes": {"starts_at": T, "ends_at": T},
    "loyalty_claim_codes": {"issued_at": T},
    "payment_ledger_entries": {"posted_at": T},
    "payment_repayments": {"requested_at": T, "payment_date": D},
    "payments": {"requested_at": T, "payment_date": D},
    "payment_schedules": {"valid_from": D, "valid_to": D},
    "payment_instructions": {"stored_at": T, "valid_from": T},
    "billing_documents": {"drafted_at": T, "issued_at": T},
    "credit_transfer_permissions": {"valid_from": T, "valid_to": T},
    "lifecycle_processes": {"started_at": T, "effective_on": D, "finished_at": T, "terms_accepted_at": T},
    "service_orders": {"raised_at": T, "survey_on": D, "closed_at": T},
    "charge_basis_accounts": {
        "requested_at": T,
        "switched_from": D,
        "reversion_deadline": D,
        "switched_at": T,
        "offered_at": T,
    },
    "water_meters": {"installed_on": D, "removed_on": D},
    "meter_readings": {"read_on": D},
    "water_products": {"available_from": D, "available_to": D},
    "supply_quotes": {"made_at": T, "first_start_date": D, "last_start_date": D, "expires_at": T},
    "supply_agreements": {"valid_from": D, "valid_to": D},
    "product_switches": {"switch_date": D},
    "quote_follow_ups": {"send_at": US},
    "goods_products": {"available_from": D, "available_to": D},
    "goods_quotes": {"quoted_at": T, "expires_at": T},
    "goods_purchases": {"made_at": T},
    "loyalty_campaigns": {"start_date": D, "expiry_date": D},
    "account_campaigns": {"joined_at": T, "start_date": D, "expiry_date": D},
    "contribution_agreements": {"made_at": T, "active_from": T, "active_to": T, "agreed_to": T, "next_due": US},
    "contribution_periods": {"fulfilled_at": T, "period_key": US, "period_from": T, "period_to": T},
    "account_user_psr_records": {"expiry_date": D},
    "interval_reads": {"start_at": S, "end_at": S, "read_at": S},
    "measurement_hours": {"hour_start": S, "max_end": S, "read_at": S},
}
# Tables whose dates are not when a row happened: the columns stay typed, but --since is refused.
_NO_NATURAL_TIME = frozenset({"account_user_psr_records", "water_products", "goods_products", "loyalty_campaigns"})


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    nullable: bool

    def field(self) -> pa.Field:
        return pa.field(self.name, _ARROW[self.kind], nullable=self.nullable)


@dataclass(frozen=True)
class Source:
    """One exportable table: what `kraken export` calls it, where it is stored and its columns."""

    name: str
    table: str
    read_model: str  # the projection that keeps it (`kraken rebuild`'s name), or `measurements`
    columns: tuple[Column, ...]
    order: tuple[str, ...]  # its primary key (all its columns if it has none): a stable row order
    since: str | None  # its natural time column, which --since filters on

    @property
    def schema(self) -> pa.Schema:
        return pa.schema([column.field() for column in self.columns])

    @property
    def in_measurement_store(self) -> bool:
        return self.read_model == MEASUREMENTS


EVENT_COLUMNS = (
    Column("context", Kind.TEXT, False),
    Column("position", Kind.INTEGER, False),
    Column("originator_id", Kind.TEXT, False),
    Column("version", Kind.INTEGER, False),
    Column("topic", Kind.TEXT, False),
    Column("timestamp", Kind.INSTANT, False),
    Column("actor", Kind.TEXT, False),
    Column("state", Kind.TEXT, False),
)
EVENTS_SCHEMA = pa.schema([column.field() for column in EVENT_COLUMNS])


def _kind(table: str, column: str, sql_type: str) -> Kind:
    declared = _TIMES.get(table, {}).get(column)
    if declared is not None:
        return declared
    try:
        kind = _SQL_KINDS[sql_type.upper()]
    except KeyError:
        raise LookupError(f"{table}.{column}: no Arrow type for SQL type {sql_type!r}") from None
    return Kind.ID if kind is Kind.INTEGER and _ID.fullmatch(column) else kind


def _sources_of(store: SQLiteReadStore, tables: dict[str, str]) -> dict[str, Source]:
    """`tables` maps each table to its read model; the sources are named by their tables."""
    found = {}
    for table, read_model in tables.items():
        info = store.rows(f"PRAGMA table_info({table})")
        if not info:
            raise LookupError(f"{read_model} declares table {table}, which its projection does not create")
        # PRAGMA table_info: (position, name, declared type, not null, default, place in the primary key).
        columns = tuple(Column(c[1], _kind(table, c[1], c[2]), not c[3]) for c in info)
        key = tuple(c[1] for c in sorted(info, key=lambda c: c[5]) if c[5]) or tuple(c.name for c in columns)
        times = _TIMES.get(table, {})
        since = next(iter(times), None) if table not in _NO_NATURAL_TIME else None
        found[table] = Source(table, table, read_model, columns, key, since)
    return found


@cache
def sources() -> dict[str, Source]:
    """Every exportable table by its name: each read model's tables, then the measurement store's."""
    scratch = SQLiteReadStore(Path(":memory:"))
    try:
        with scratch.transaction() as cursor:
            for projection in PROJECTIONS:
                projection().create(cursor)
        found = _sources_of(scratch, {t: p.name for p in PROJECTIONS for t in p.tables})
        SQLMeasurementStore(scratch)
        measured = _sources_of(scratch, {"interval_reads": MEASUREMENTS, "measurement_hours": MEASUREMENTS})
    finally:
        scratch.close()
    # The interval reads are what `measurements` means: each device's consumption, interval by interval.
    found[MEASUREMENTS] = dataclasses.replace(measured["interval_reads"], name=MEASUREMENTS)
    found["measurement_hours"] = measured["measurement_hours"]
    return found


def resolve(name: str) -> Source | None:
    """The table `name` means (None for `events`): a table, or a read model that keeps only one."""
    if name == EVENTS:
        return None
    known = sources()
    if name in known:
        return known[name]
    owned = [source for source in known.values() if source.read_model == name]
    if len(owned) == 1:
        return owned[0]
    if owned:
        raise ExportRefused(
            f"The read model {name!r} keeps several tables: name one of {', '.join(s.name for s in owned)}."
        )
    raise ExportRefused(f"Unknown export {name!r}: `kraken export --list` shows what can be exported.")


def schema_of(name: str) -> pa.Schema:
    source = resolve(name)
    return EVENTS_SCHEMA if source is None else source.schema


def since_of(text: str) -> datetime:
    """--since: an ISO 8601 date or date and time; one without an offset is UTC."""
    if len(text) > _MAX_SINCE_CHARS:
        raise ExportRefused(f"--since is at most {_MAX_SINCE_CHARS} characters: an ISO date or datetime.")
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ExportRefused(f"--since {text!r} is not an ISO date or datetime (e.g. 2026-01-31T09:00:00Z).") from None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)


# Reading --------------------------------------------------------------------------------------------


class _Snapshot(Protocol):
    def count(self, query: str, params: Sequence[Any]) -> int: ...
    def batches(self, query: str, params: Sequence[Any], size: int) -> Iterator[list[tuple[Any, ...]]]: ...


class _SQLiteSnapshot:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def count(self, query: str, params: Sequence[Any]) -> int:
        return int(self._db.execute(query.replace("%s", "?"), tuple(params)).fetchone()[0])

    def batches(self, query: str, params: Sequence[Any], size: int) -> Iterator[list[tuple[Any, ...]]]:
        cursor = self._db.execute(query.replace("%s", "?"), tuple(params))
        while rows := cursor.fetchmany(size):
            yield rows


class _PostgresSnapshot:
    def __init__(self, db: psycopg.Connection[Any]) -> None:
        self._db = db

    def count(self, query: str, params: Sequence[Any]) -> int:
        row = self._db.execute(query, tuple(params)).fetchone()
        return int(row[0]) if row else 0

    def batches(self, query: str, params: Sequence[Any], size: int) -> Iterator[list[tuple[Any, ...]]]:
        # A named cursor lives in the server: each FETCH brings one batch, never the whole result.
        with self._db.cursor(name=f"kraken_export_{uuid.uuid4().hex[:8]}") as cursor:
            cursor.execute(query, tuple(params))
            while rows := cursor.fetchmany(size):
                yield rows


@contextmanager
def _snapshot(settings: Settings, source: Source) -> Iterator[_Snapshot]:
    """A read-only view of the store holding `source`, one snapshot for the count and every batch."""
    if settings.uses_postgres:
        with psycopg.connect(settings.database_url, options=f"-c search_path={settings.database_schema}") as pg:
            pg.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            pg.read_only = True
            yield _PostgresSnapshot(pg)
            pg.rollback()
        return
    file = Path(settings.data_dir) / ("measurements.db" if source.in_measurement_store else "read_models.db")
    if not file.is_file():
        raise ExportRefused(f"{file} does not exist: nothing has been stored under KRAKEN_DATA_DIR yet.")
    db = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    try:
        # In WAL mode a read transaction sees one committed state from its first statement to its end.
        db.execute("BEGIN")
        yield _SQLiteSnapshot(db)
    finally:
        db.close()


def _since_clause(source: Source, since: datetime | None, postgres: bool) -> tuple[str, list[Any]]:
    if since is None:
        return "", []
    if source.since is None:
        raise ExportRefused(
            f"{source.name} has no time column of its own, so --since cannot apply: export it whole. "
            "`kraken export --list` shows which tables take --since."
        )
    kind = _TIMES[source.table][source.since]
    value: Any = {
        Kind.INSTANT: since.isoformat(),
        # A day column keeps the rows of the UTC day --since falls on, and after.
        Kind.DAY: since.date().isoformat(),
        Kind.MICROS: (since - _EPOCH) // timedelta(microseconds=1),
        Kind.SECONDS: (since - _EPOCH) // timedelta(seconds=1),
    }[kind]
    # Stored instants are UTC ISO text, ordered as text byte by byte (never by a locale's collation).
    collate = ' COLLATE "C"' if postgres and kind in (Kind.INSTANT, Kind.DAY) else ""
    return f" WHERE {source.since}{collate} >= %s", [value]


def _table_batches(
    settings: Settings, source: Source, since: datetime | None, size: int, progress: Progress
) -> Iterator[list[tuple[Any, ...]]]:
    where, params = _since_clause(source, since, settings.uses_postgres)
    names = ", ".join(column.name for column in source.columns)
    with _snapshot(settings, source) as snapshot:
        total = snapshot.count(f"SELECT COUNT(*) FROM {source.table}{where}", params)
        progress(0, total)
        done = 0
        query = f"SELECT {names} FROM {source.table}{where} ORDER BY {', '.join(source.order)}"
        for rows in snapshot.batches(query, params, size):
            yield rows
            done += len(rows)
            progress(done, max(total, done))


_STANDARD = ("originator_id", "originator_version", "timestamp", "actor")
# What no analysis needs and an export must not spread: secrets' hashes and digests (open to an offline
# guess), bank details, device tokens. The same words `kraken audit` hides.
_HIDDEN = ("hash", "digest", "secret", "password", "bank_account", "sort_code", "device_token")
HIDDEN = "(hidden)"


def _without_secrets(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: HIDDEN if any(w in k for w in _HIDDEN) else _without_secrets(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_secrets(v) for v in value]
    return value


def event_state(event: Any) -> str:
    """The event's own fields as JSON, as the domain reads them back (decrypted), secrets hidden."""
    state = msgspec.to_builtins({k: v for k, v in vars(event).items() if k not in _STANDARD})
    return msgspec.json.encode(_without_secrets(state)).decode()


def _event_batches(
    contexts: Contexts, chosen: Sequence[str], since: datetime | None, size: int, progress: Progress
) -> Iterator[list[tuple[Any, ...]]]:
    apps = [(name, getattr(contexts, name)) for name in chosen]
    # Positions scanned, not rows kept: whether an event is after --since is known once it is decoded.
    ends = [app.recorder.max_notification_id() or 0 for _, app in apps]
    total, passed = sum(ends), 0
    progress(0, total)
    for (name, app), end in zip(apps, ends, strict=True):
        start = 0
        while notifications := app.recorder.select_notifications(start=start, limit=size, inclusive_of_start=False):
            rows = []
            for notification in notifications:
                event = app.mapper.to_domain_event(notification)
                if since is not None and event.timestamp < since:
                    continue
                rows.append(
                    (
                        name,
                        notification.id,
                        str(notification.originator_id),
                        notification.originator_version,
                        notification.topic,
                        event.timestamp,
                        actor_of(event),
                        event_state(event),
                    )
                )
            start = notifications[-1].id
            if rows:
                yield rows
            # Events recorded while exporting are exported too, and counted in.
            progress(passed + start, max(total, passed + start))
        passed += max(end, start)


# Writing --------------------------------------------------------------------------------------------


def _record_batch(schema: pa.Schema, kinds: Sequence[Kind], rows: Sequence[tuple[Any, ...]]) -> pa.RecordBatch:
    arrays = []
    for i, (kind, field) in enumerate(zip(kinds, schema, strict=True)):
        convert = _CONVERT[kind]
        arrays.append(pa.array([None if row[i] is None else convert(row[i]) for row in rows], type=field.type))
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


class _Writer(Protocol):
    def write_batch(self, batch: pa.RecordBatch) -> None: ...
    def close(self) -> None: ...


def destination(name: str, file_format: str, out: str) -> Path:
    """Where the export goes (default: <name>.<format> here), refused if it cannot be written there."""
    if file_format not in FORMATS:
        raise ExportRefused(f"Unknown format {file_format!r}: parquet or csv.")
    path = Path(out) if out else Path(f"{name}.{file_format}")
    if path.is_dir():
        raise ExportRefused(f"--out {path} is a directory: name the file to write.")
    parent = path.parent
    if not parent.is_dir():
        raise ExportRefused(f"--out {path}: the directory {parent} does not exist.")
    if not os.access(parent, os.W_OK):
        raise ExportRefused(f"--out {path}: the directory {parent} is not writable.")
    return path


def _write(path: Path, file_format: str, schema: pa.Schema, kinds: Sequence[Kind], batches: Iterator[list[Any]]) -> int:
    """Writes the batches to a temporary file beside `path` and renames it to `path` once whole."""
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.partial")
    written = 0
    try:
        writer: _Writer = (
            pq.ParquetWriter(partial, schema) if file_format == "parquet" else pa_csv.CSVWriter(partial, schema)
        )
    except OSError as exc:
        raise ExportRefused(f"Cannot write {path}: {exc.strerror or exc}") from None
    try:
        try:
            for rows in batches:
                writer.write_batch(_record_batch(schema, kinds, rows))
                written += len(rows)
        finally:
            writer.close()
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return written


@dataclass(frozen=True)
class Request:
    name: str
    file_format: str = "parquet"
    since: datetime | None = None
    out: str = ""
    context: str = ""
    batch_rows: int = BATCH_ROWS


@dataclass(frozen=True)
class Result:
    path: Path
    rows: int


def check(request: Request) -> tuple[Source | None, Path]:
    """Everything about the request that can be refused before any store is opened."""
    source = resolve(request.name)
    if request.context and source is not None:
        raise ExportRefused("--context applies to `events` only.")
    if request.context and request.context not in CONTEXTS:
        raise ExportRefused(f"Unknown context {request.context!r}: one of {', '.join(CONTEXTS)}.")
    if source is not None and request.since is not None and source.since is None:
        _since_clause(source, request.since, postgres=False)
    return source, destination(request.name, request.file_format, request.out)


def export(
    settings: Settings, contexts: Contexts | None, request: Request, progress: Progress = lambda done, total: None
) -> Result:
    """Writes the export; `contexts` (the event stores, with their ciphers) is needed for `events` only."""
    source, path = check(request)
    size = min(max(1, request.batch_rows), MAX_BATCH_ROWS)
    if source is None:
        if contexts is None:
            raise ValueError("exporting events needs the context applications")
        chosen = (request.context,) if request.context else CONTEXTS
        batches = _event_batches(contexts, chosen, request.since, size, progress)
        kinds: Sequence[Kind] = [column.kind for column in EVENT_COLUMNS]
        rows = _write(path, request.file_format, EVENTS_SCHEMA, kinds, batches)
    else:
        batches = _table_batches(settings, source, request.since, size, progress)
        rows = _write(path, request.file_format, source.schema, [c.kind for c in source.columns], batches)
    return Result(path, rows)


def described(schema: pa.Schema) -> list[tuple[str, str, str]]:
    """(column, Arrow type, nullable) for `--schema` and the README."""
    return [(field.name, str(field.type), "yes" if field.nullable else "no") for field in schema]


@contextmanager
def progress_bar(console: Console, enabled: bool) -> Iterator[Progress]:
    """A bar of rows done out of rows in all on `console`; nothing when disabled or not a terminal."""
    if not enabled or not console.is_terminal:
        yield lambda done, total: None
        return
    columns = (*RichProgress.get_default_columns(), MofNCompleteColumn(), TextColumn("rows"))
    with RichProgress(*columns, console=console) as bar:
        task = bar.add_task("exporting", total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)
