"""`kraken export`: read models, events and measurements as Parquet or CSV, streamed, with one schema per
table on both backends, and the README's DuckDB example answering what the read models hold."""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
import tracemalloc
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from rich.console import Console
from typer.testing import CliRunner, Result

from ops import export, runtime
from ops.cli import app
from ops.seed import seed_demo
from projections.catalogue import PROJECTIONS
from projections.store import SQLiteReadStore
from projections.supply.measurement_store import SQLMeasurementStore
from settings import Settings, load
from tests.conftest import msgspec_replace

README = Path(__file__).parents[2] / "README.md"
LONDON = ZoneInfo("Europe/London")
HALF_HOURLY_DAYS = 30


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with the demo customer, whose smart meter sent a month of half-hourly reads before
    its daily ones (seeded once: exports only read)."""
    data_dir = tmp_path_factory.mktemp("seeded") / "var"
    runner = CliRunner()
    env = {"KRAKEN_DATA_DIR": str(data_dir)}
    assert runner.invoke(app, ["seed"], env=env).exit_code == 0
    [(serial, installed)] = read_rows(data_dir, "SELECT serial_number, installed_on FROM water_meters")
    [(first,)] = read_rows(data_dir, "SELECT MIN(start_at) FROM interval_reads", measurements=True)
    end = datetime.fromtimestamp(first, LONDON).date() - timedelta(days=1)
    assert date.fromisoformat(installed) <= end - timedelta(days=HALF_HOURLY_DAYS)
    simulated = runner.invoke(
        app,
        ["measurements", "simulate", serial, "--days", str(HALF_HOURLY_DAYS), "--end", end.isoformat()],
        env=env,
    )
    assert simulated.exit_code == 0, simulated.output
    return data_dir


def run(data_dir: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["export", *args], env={"KRAKEN_DATA_DIR": str(data_dir)})


def read_rows(data_dir: Path, sql: str, measurements: bool = False) -> list[tuple]:
    store = SQLiteReadStore(data_dir / ("measurements.db" if measurements else "read_models.db"))
    try:
        return store.rows(sql)
    finally:
        store.close()


def test_a_read_model_exports_as_parquet_and_csv_with_its_declared_types(seeded: Path, tmp_path: Path) -> None:
    # when
    parquet = run(seeded, "payments", "--out", str(tmp_path / "payments.parquet"))
    as_csv = run(seeded, "payments", "--format", "csv", "--out", str(tmp_path / "payments.csv"))
    # then
    assert parquet.exit_code == 0 and as_csv.exit_code == 0, parquet.output + as_csv.output
    held = read_rows(seeded, "SELECT number, amount, status, payment_date, requested_at FROM payments ORDER BY number")
    assert len(held) >= 5 and f"{len(held)} rows written" in parquet.output
    table = pq.read_table(tmp_path / "payments.parquet")
    assert table.schema == export.schema_of("payments")
    types = {field.name: field.type for field in table.schema}
    # Ids as strings, money in integer pence, days as dates, instants as UTC timestamps.
    assert types["number"] == pa.string() and types["amount"] == pa.int64()
    assert types["payment_date"] == pa.date32() and types["requested_at"] == pa.timestamp("us", tz="UTC")
    assert [
        (r["number"], r["amount"], r["status"], r["payment_date"], r["requested_at"]) for r in table.to_pylist()
    ] == [
        (str(n), amount, status, date.fromisoformat(day), datetime.fromisoformat(at))
        for n, amount, status, day, at in held
    ]
    lines = list(csv.DictReader(io.StringIO((tmp_path / "payments.csv").read_text())))
    assert [(r["number"], int(r["amount"]), r["status"], r["payment_date"]) for r in lines] == [
        (str(n), amount, status, day) for n, amount, status, day, _ in held
    ]
    assert datetime.fromisoformat(lines[0]["requested_at"]) == datetime.fromisoformat(held[0][4])


def test_events_are_exported_decrypted_from_every_context_or_one_and_since_a_moment(
    seeded: Path, tmp_path: Path
) -> None:
    # when: every event, the payments context's, and those from the middle of the history on
    assert run(seeded, "events", "--out", str(tmp_path / "all.parquet")).exit_code == 0
    assert run(seeded, "events", "--context", "payments", "--out", str(tmp_path / "payments.parquet")).exit_code == 0
    every = pq.read_table(tmp_path / "all.parquet")
    moments = sorted(every.column("timestamp").to_pylist())
    middle = moments[len(moments) // 2]
    since = run(seeded, "events", "--since", middle.isoformat(), "--format", "csv", "--out", str(tmp_path / "s.csv"))
    assert since.exit_code == 0, since.output
    # then: one row per stored event, in each context's order
    contexts = runtime.build(load({"KRAKEN_DATA_DIR": str(seeded)}))
    try:
        stored = {name: getattr(contexts, name).recorder.max_notification_id() for name in export.CONTEXTS}
    finally:
        contexts.close()
    assert every.schema == export.EVENTS_SCHEMA
    assert Counter(every.column("context").to_pylist()) == {name: n for name, n in stored.items() if n}
    payments = pq.read_table(tmp_path / "payments.parquet")
    assert set(payments.column("context").to_pylist()) == {"payments"}
    assert payments.column("position").to_pylist() == list(range(1, stored["payments"] + 1))
    kept = list(csv.DictReader(io.StringIO((tmp_path / "s.csv").read_text())))
    assert len(kept) == sum(1 for moment in moments if moment >= middle) < len(moments)
    assert all(datetime.fromisoformat(row["timestamp"]) >= middle for row in kept)
    # The state is the event's fields, decrypted (the stored bytes are ciphertext), secrets hidden.
    registered = next(r for r in every.to_pylist() if r["topic"].endswith("User.Registered"))
    state = json.loads(registered["state"])
    assert state["email"] == "demo@kraken.example" and state["password_hash"] == export.HIDDEN
    assert registered["version"] == 1 and registered["actor"]


def test_measurements_export_every_interval_read(seeded: Path, tmp_path: Path) -> None:
    # when
    result = run(seeded, "measurements", "--format", "csv", "--out", str(tmp_path / "m.csv"))
    since = run(seeded, "measurements", "--since", "2026-06-29", "--out", str(tmp_path / "m.parquet"))
    # then
    assert result.exit_code == 0 and since.exit_code == 0, result.output + since.output
    held = read_rows(seeded, "SELECT device_id, start_at, value_ml FROM interval_reads ORDER BY 1, 2", True)
    lines = list(csv.DictReader(io.StringIO((tmp_path / "m.csv").read_text())))
    assert [(r["device_id"], datetime.fromisoformat(r["start_at"]), int(r["value_ml"])) for r in lines] == [
        (device, datetime.fromtimestamp(start, UTC), value) for device, start, value in held
    ]
    # A month of half-hourly reads (a day of clock change aside), then daily ones.
    half_hours = [start for _, start, _ in held if start < held[0][1] + HALF_HOURLY_DAYS * 86400]
    assert abs(len(half_hours) - 48 * HALF_HOURLY_DAYS) <= 2
    recent = pq.read_table(tmp_path / "m.parquet")
    cut = datetime(2026, 6, 29, tzinfo=UTC)
    assert recent.num_rows == sum(1 for _, start, _ in held if start >= cut.timestamp()) > 0


def test_the_readme_duckdb_example_answers_what_the_read_models_hold(
    seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given the README's section: its export commands and its DuckDB queries
    section = README.read_text().split("## Analytics export", 1)[1].split("\n## ", 1)[0]
    commands = [shlex.split(line) for line in re.findall(r"^(kraken export .+)$", section, re.MULTILINE)]
    queries = re.findall(r"```sql\n(.*?)```", section, re.DOTALL)
    assert len(commands) >= 3 and len(queries) == 2
    # when: the commands run where the queries read their files
    monkeypatch.chdir(tmp_path)
    for command in commands:
        assert run(seeded, *command[2:]).exit_code == 0, command
    answers = []
    for query in queries:
        db = duckdb.connect()
        statements = [s for s in query.split(";") if s.strip()]
        for statement in statements[:-1]:
            db.execute(statement)
        answers.append(db.execute(statements[-1]).fetchall())
    # then: consumption per property per month is each fitted meter's reads while it was fitted
    meters = read_rows(seeded, "SELECT serial_number, property_id, installed_on, removed_on FROM water_meters")
    litres: dict[tuple[str, date], int] = defaultdict(int)
    for device, start, value in read_rows(seeded, "SELECT device_id, start_at, value_ml FROM interval_reads", True):
        local = datetime.fromtimestamp(start, LONDON)
        for serial, property_id, installed, removed in meters:
            fitted = datetime.combine(date.fromisoformat(installed), time(), LONDON)
            unfitted = removed and datetime.combine(date.fromisoformat(removed), time(), LONDON)
            if serial == device and fitted <= local and (not unfitted or local < unfitted):
                litres[(property_id, local.date().replace(day=1))] += value
    consumption = [(p, month.date(), used) for p, month, used in answers[0]]
    assert consumption == sorted((p, month, ml / 1000) for (p, month), ml in litres.items())
    assert len(consumption) >= 12
    # and payments by status per week are the payments read model's, counted and summed
    weeks: dict[tuple[date, str], list[int]] = defaultdict(list)
    for day, status, amount in read_rows(seeded, "SELECT payment_date, status, amount FROM payments"):
        paid = date.fromisoformat(day)
        weeks[(paid - timedelta(days=paid.weekday()), status)].append(amount)
    assert answers[1] == sorted((week, status, len(a), sum(a)) for (week, status), a in weeks.items())


@pytest.mark.parametrize("backend", [pytest.param("postgres", marks=pytest.mark.postgres)])
def test_the_same_export_has_the_same_schema_from_sqlite_and_postgres(
    backend: str, settings: Settings, tmp_path: Path
) -> None:
    # given the demo on PostgreSQL and on SQLite
    on_sqlite = msgspec_replace(settings, database_url="", data_dir=str(tmp_path / "sqlite"))
    outputs: dict[str, dict[str, pa.Table]] = {}
    for backend, chosen in (("postgres", settings), ("sqlite", on_sqlite)):
        contexts = runtime.build(chosen)
        try:
            seed_demo(contexts, chosen)
        finally:
            contexts.close()
        env = {
            "KRAKEN_DATA_DIR": chosen.data_dir,
            "KRAKEN_DATABASE_URL": chosen.database_url,
            "KRAKEN_DATABASE_SCHEMA": chosen.database_schema,
            "KRAKEN_SECRET_KEY": chosen.secret_key,
            "KRAKEN_IDENTITY_CIPHER_KEY": chosen.identity_cipher_key,
            "KRAKEN_POOL_SIZE": "1",
        }
        # when each is exported through the command, in batches small enough to take several
        outputs[backend] = {}
        for name in ("events", "payments", "measurements", "water_meters", "account_users", "water_products"):
            out = tmp_path / f"{backend}-{name}.parquet"
            result = CliRunner().invoke(app, ["export", name, "--out", str(out), "--batch-rows", "50"], env=env)
            assert result.exit_code == 0, result.output
            outputs[backend][name] = pq.read_table(out)
    # then
    for name, table in outputs["postgres"].items():
        assert table.schema == outputs["sqlite"][name].schema == export.schema_of(name), name
        assert table.num_rows == outputs["sqlite"][name].num_rows > 0, name
    assert outputs["postgres"]["measurements"].num_rows > 50
    # The catalogue is the same data on both: the same values, booleans and dates included.
    assert outputs["postgres"]["water_products"].to_pylist() == outputs["sqlite"]["water_products"].to_pylist()


def _measurement_store(data_dir: Path, rows: int) -> Settings:
    data_dir.mkdir(parents=True)
    store = SQLiteReadStore(data_dir / "measurements.db")
    SQLMeasurementStore(store)
    with store.transaction() as cursor:
        cursor.insert_rows(
            "interval_reads",
            ("device_id", "start_at", "end_at", "value_ml", "source", "read_at", "batch"),
            [
                (f"SMW-{i % 7}", 1_700_000_000 + i * 1800, 1_700_001_800 + i * 1800, i, "SMART_METER", 1, "b")
                for i in range(rows)
            ],
        )
    store.close()
    return Settings(data_dir=str(data_dir))


def _peak(settings: Settings, out: Path) -> tuple[int, int]:
    request = export.Request("measurements", out=str(out), batch_rows=1000)
    tracemalloc.start()
    try:
        written = export.export(settings, None, request).rows
        return written, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_bounded_by_one_batch_whatever_the_table_size(tmp_path: Path) -> None:
    # given 3,000 and 30,000 interval reads
    small = _measurement_store(tmp_path / "small", 3_000)
    large = _measurement_store(tmp_path / "large", 30_000)
    # when each is exported in batches of 1,000
    small_rows, small_peak = _peak(small, tmp_path / "small.parquet")
    large_rows, large_peak = _peak(large, tmp_path / "large.parquet")
    # then ten times the rows costs about the same memory, and each batch is its own row group
    assert (small_rows, large_rows) == (3_000, 30_000)
    assert large_peak < 1.5 * small_peak
    metadata = pq.ParquetFile(tmp_path / "large.parquet").metadata
    assert metadata.num_row_groups == 30
    assert all(metadata.row_group(i).num_rows == 1000 for i in range(30))


def test_the_progress_bar_counts_rows_on_a_terminal_only(seeded: Path, tmp_path: Path) -> None:
    # given
    settings = load({"KRAKEN_DATA_DIR": str(seeded)})
    told: list[tuple[int, int]] = []
    terminal = io.StringIO()
    # when
    with export.progress_bar(Console(file=terminal, force_terminal=True, width=100), enabled=True) as bar:

        def progress(done: int, total: int) -> None:
            told.append((done, total))
            bar(done, total)

        result = export.export(
            settings, None, export.Request("measurements", out=str(tmp_path / "m.parquet")), progress
        )
    quiet = run(seeded, "payments", "--quiet", "--out", str(tmp_path / "p.parquet"))
    # then
    assert told[0] == (0, result.rows) and told[-1] == (result.rows, result.rows)
    assert f"{result.rows}/{result.rows}" in terminal.getvalue()
    assert "exporting" not in quiet.output


def test_list_and_schema_name_every_table_and_its_types(seeded: Path) -> None:
    listed = run(seeded, "--list")
    schema = run(seeded, "--schema", "payments")
    assert listed.exit_code == 0 and schema.exit_code == 0
    for name in ("events", "measurements", "payments", "meter_readings", "water_meters"):
        assert name in listed.output
    assert "timestamp[us, tz=UTC]" in schema.output and "date32[day]" in schema.output


def test_every_read_model_table_is_exportable_and_every_time_column_is_typed() -> None:
    tables = {table for projection in PROJECTIONS for table in projection.tables}
    sources = export.sources()
    assert tables <= {source.table for source in sources.values()}
    # A column named like a time that stayed text would be exported as a string: name it in _TIMES.
    for source in sources.values():
        for column in source.columns:
            if re.search(r"(_at|_on|_date|_from|_to|_deadline|_start|_end|^next_due)$", column.name):
                assert column.kind not in (export.Kind.TEXT, export.Kind.INTEGER), f"{source.name}.{column.name}"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nothing"], "Unknown export 'nothing'"),
        (["payments", "--format", "xlsx"], "Unknown format 'xlsx'"),
        (["payments", "--since", "last tuesday"], "not an ISO date"),
        (["payments", "--since", "2026-01-01" * 10], "at most 64 characters"),
        (["properties", "--since", "2026-01-01"], "no time column"),
        (["payments", "--context", "payments"], "--context applies to `events` only"),
        (["events", "--context", "billing"], "Unknown context 'billing'"),
        (["loyalty_points"], "keeps several tables"),
        (["payments", "--out", "/nonexistent/dir/p.parquet"], "does not exist"),
        ([], "Name what to export"),
        (["payments", "--batch-rows", "0"], "--batch-rows"),
    ],
)
def test_bad_input_is_refused_with_exit_2_and_leaves_no_file(
    seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(seeded, *args)
    assert result.exit_code == 2 and message in result.output.replace("\n", " ")
    assert "Traceback" not in result.output and list(tmp_path.iterdir()) == []


def test_an_output_that_is_a_directory_is_refused(seeded: Path, tmp_path: Path) -> None:
    result = run(seeded, "payments", "--out", str(tmp_path))
    assert result.exit_code == 2 and "is a directory" in result.output


@pytest.fixture
def failing_second_batch(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    real = export._record_batch
    calls = []

    def record_batch(*args):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk full")
        return real(*args)

    monkeypatch.setattr(export, "_record_batch", record_batch)
    yield


def test_a_failed_export_leaves_no_half_file(seeded: Path, tmp_path: Path, failing_second_batch: None) -> None:
    # given an earlier export at the destination
    out = tmp_path / "m.parquet"
    out.write_text("earlier")
    settings = load({"KRAKEN_DATA_DIR": str(seeded)})
    # when writing fails after the first batch
    with pytest.raises(OSError, match="disk full"):
        export.export(settings, None, export.Request("measurements", out=str(out), batch_rows=10))
    # then the destination is untouched and nothing else was left beside it
    assert out.read_text() == "earlier" and [p.name for p in tmp_path.iterdir()] == ["m.parquet"]
