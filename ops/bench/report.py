"""What a run reports, and the table that shows it: each figure beside its ratio to the raw ceiling and its target."""

from __future__ import annotations

import dataclasses
import platform
from collections.abc import Iterator

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ops.bench.appends import Appends
from ops.bench.catch_up import CatchUp
from ops.bench.collect import Settlement
from ops.bench.load import Load
from ops.bench.measurements import MeasurementFigures
from ops.bench.processes import OTHERS
from ops.bench.reads import Read
from ops.bench.round_trips import RoundTrips

# The targets the benchmark was written against, shown beside what was measured. Rates are shares of
# the raw ceiling measured in the same run, so that they mean the same on any machine.
TARGET_SHARE_OF_CEILING = 0.25
TARGET_P99_MS = 25.0
TARGET_ONE_FIELD = 2.0  # a one-field authenticated read, in multiples of the floor ({ __typename })
TARGET_DASHBOARD = 4.0
TARGET_CATCH_UP = 20_000.0
TARGET_SETTLED_SHARE = 0.5  # collections settled end to end, as a share of the rate they were requested
TARGET_RSS_MB = 150.0
# More than this many cores busy with work that is not the benchmark's makes its figures doubtful.
BUSY_ELSEWHERE = 0.25


@dataclasses.dataclass(frozen=True)
class Report:
    backend: str
    cpus: int
    workers: int
    concurrency: int
    seconds: float
    users: int
    ceiling: Appends  # raw event-shaped appends through the database driver
    baseline: Appends  # an application's save, the project's own append path
    warm_up: Load
    peak: Load
    open_loop_rate: float
    half: Load
    round_trips: RoundTrips
    reads: tuple[Read, Read, Read]  # the floor, one field, a dashboard
    dashboard: Load  # the dashboard at peak, every client reading its own account
    catch_up: tuple[CatchUp, ...]
    peak_rss_mb: float
    connections: tuple[int, int] | None = None  # PostgreSQL: (held by the API after the load, max_connections)
    server_start_failures: tuple[str, ...] = ()  # starts that failed before one succeeded
    collect: Load | None = None  # collectPayment at peak
    settlement: Settlement | None = None  # those payments settling end to end
    measurements: MeasurementFigures | None = None  # interval reads imported, a year of days read

    @property
    def ceiling_rate(self) -> float:
        return self.ceiling.rate

    @property
    def catch_up_rate(self) -> float:
        seconds = sum(c.seconds for c in self.catch_up)
        return sum(c.events for c in self.catch_up) / seconds if seconds else 0.0


def render(report: Report) -> RenderableType:
    """The machine facts, a table of figures with their ratio to the append rate and their targets, and notes."""
    facts = Text(
        f"{report.backend} · {report.cpus} CPUs ({platform.processor() or platform.machine()}) · "
        f"{report.workers} API worker(s) · {report.concurrency} clients · {report.seconds:g} s per phase · "
        f"{report.users} users in {report.users // 2} shared accounts · Python {platform.python_version()}"
    )
    table = Table(title="kraken bench", title_justify="left")
    for column, justify in (
        ("figure", "left"),
        ("measured", "right"),
        ("÷ raw ceiling", "right"),
        ("target", "left"),
        ("met", "center"),
    ):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for row in _rows(report):
        table.add_row(*row)
    notes = [*_notes(report), *report.round_trips.notes]
    return Group(facts, table, Text("\n".join(f"· {note}" for note in notes), style="dim"))


def _rows(report: Report) -> Iterator[tuple[str, str, str, str, str]]:
    base = report.ceiling_rate
    peak, half = report.peak, report.half
    yield ("raw ceiling: LOCK + INSERT of one event per transaction, 1 client", f"{base:,.0f} /s", "1.00", "—", "")
    yield (
        "an application's save of one event (the project's append path), 1 thread",
        f"{report.baseline.rate:,.0f} /s",
        f"{report.baseline.rate / base:.3f}",
        "",
        "",
    )
    yield (
        f"transferLoyaltyPointsBetweenUsers, peak ({report.concurrency} clients)",
        f"{peak.rate:,.1f} /s",
        f"{peak.rate / base:.3f}",
        f"≥ {TARGET_SHARE_OF_CEILING:.2f} of the ceiling (≥ {TARGET_SHARE_OF_CEILING * base:,.0f} /s)",
        _met(peak.rate >= TARGET_SHARE_OF_CEILING * base),
    )
    yield ("  errors at peak", _errors(peak), "—", "", "")
    yield ("  latency at peak p50 / p99", f"{peak.p50_ms:,.1f} / {peak.p99_ms:,.1f} ms", "—", "", "")
    yield (
        f"open loop at half the peak ({report.open_loop_rate:,.1f} /s scheduled)",
        f"{half.rate:,.1f} /s",
        f"{half.rate / base:.3f}",
        "",
        "",
    )
    yield ("  errors at half the peak", _errors(half), "—", "", "")
    yield (
        "  latency at half the peak p50 / p99",
        f"{half.p50_ms:,.1f} / {half.p99_ms:,.1f} ms",
        "—",
        f"p99 < {TARGET_P99_MS:.0f} ms",
        _met(half.requests > 0 and half.p99_ms < TARGET_P99_MS),
    )
    floor = report.reads[0]
    yield (f"read {floor.name} (the floor), one client, p50 / p99", _read(floor), "—", "", "")
    for read, target in zip(report.reads[1:], (TARGET_ONE_FIELD, TARGET_DASHBOARD), strict=True):
        times = read.p50_ms / floor.p50_ms if floor.p50_ms else float("nan")
        yield (
            f"read {read.name}, one client, p50 / p99 ({read.failures} failed)",
            _read(read),
            "—",
            f"p50 ≤ {target:g}x the floor (now {times:.2f}x)",
            _met(read.failures == 0 and times <= target),
        )
    dashboard = report.dashboard
    yield (
        f"read dashboard, peak ({report.concurrency} clients)",
        f"{dashboard.rate:,.1f} /s",
        f"{dashboard.rate / base:.3f}",
        "",
        "",
    )
    yield ("  errors", _errors(dashboard), "—", "", "")
    yield ("  latency p50 / p99", f"{dashboard.p50_ms:,.1f} / {dashboard.p99_ms:,.1f} ms", "—", "", "")
    trips = report.round_trips
    yield ("transactions per mutation", _per(trips.transactions), "—", "few (count them)", "")
    yield ("statements per mutation", _per(trips.statements), "—", "few (count them)", "")
    yield ("table reads / rows written per mutation", f"{_per(trips.table_reads)} / {_per(trips.rows_written)}", "—",
           "", "")  # fmt: skip
    if report.connections:
        held, limit = report.connections
        yield ("PostgreSQL connections held by the API after the load", f"{held} of {limit}", "—", "", "")
    yield (
        "projection catch-up, all read models",
        f"{report.catch_up_rate:,.0f} events/s",
        f"{report.catch_up_rate / base:.2f}",
        f"≥ {TARGET_CATCH_UP:,.0f} events/s",
        _met(report.catch_up_rate >= TARGET_CATCH_UP),
    )
    for catch_up in report.catch_up:
        yield (
            f"  {catch_up.projection}: {catch_up.events:,} events in {catch_up.seconds:.2f} s",
            f"{catch_up.rate:,.0f} events/s",
            f"{catch_up.rate / base:.2f}",
            "",
            "",
        )
    yield (
        "API peak RSS (largest VmHWM of the server processes)",
        f"{report.peak_rss_mb:,.0f} MB",
        "—",
        f"< {TARGET_RSS_MB:.0f} MB",
        _met(0 < report.peak_rss_mb < TARGET_RSS_MB),
    )
    if report.collect is not None:
        collect = report.collect
        yield (
            f"collectPayment, peak ({report.concurrency} clients, fresh server)",
            f"{collect.rate:,.1f} /s",
            f"{collect.rate / base:.3f}",
            f"≥ {TARGET_SHARE_OF_CEILING:.2f} of the ceiling (≥ {TARGET_SHARE_OF_CEILING * base:,.0f} /s)",
            _met(collect.rate >= TARGET_SHARE_OF_CEILING * base),
        )
        yield ("  errors", _errors(collect), "—", "", "")
        yield ("  latency p50 / p99", f"{collect.p50_ms:,.1f} / {collect.p99_ms:,.1f} ms", "—", "", "")
    if report.settlement is not None:
        settled = report.settlement
        requested = report.collect.rate if report.collect is not None else 0.0
        share = settled.rate / requested if requested else 0.0
        yield (
            f"  collections settled end to end ({settled.settled:,} of {settled.payments:,}, "
            f"{settled.succeeded:,} succeeded, in {settled.seconds:.1f} s)",
            f"{settled.rate:,.1f} /s",
            f"{settled.rate / base:.3f}",
            f"all settle, at ≥ {TARGET_SETTLED_SHARE:.1f}x the requested rate (now {share:.2f}x)",
            _met(settled.settled == settled.payments and share >= TARGET_SETTLED_SHARE),
        )
    if report.measurements is not None:
        figures = report.measurements
        ingestion, year = figures.ingestion, figures.year_of_days
        yield (
            f"measurement ingestion: {ingestion.reads:,} interval reads through the import command "
            f"({ingestion.batches} batches)",
            f"{ingestion.rate:,.0f} reads/s",
            f"{ingestion.rate / base:.2f}",
            "",
            "",
        )
        yield (
            f"read {year.name} ({figures.pages} pages of measurements), one client, p50 / p99 "
            f"({year.failures} failed of {year.requests})",
            _read(year),
            "—",
            "",
            "",
        )
        readings = figures.readings
        yield (
            f"submitMeterReading, peak ({report.concurrency} clients, a meter each)",
            f"{readings.rate:,.1f} /s",
            f"{readings.rate / base:.3f}",
            "",
            "",
        )
        yield ("  errors", _errors(readings), "—", "", "")
        yield ("  latency p50 / p99", f"{readings.p50_ms:,.1f} / {readings.p99_ms:,.1f} ms", "—", "", "")


def _notes(report: Report) -> Iterator[str]:
    phases = (
        ("during the raw ceiling", report.ceiling.cpu),
        ("during the application's saves", report.baseline.cpu),
        ("at peak", report.peak.cpu),
        ("reading the dashboard at peak", report.dashboard.cpu),
        ("at half the peak", report.half.cpu),
    )
    collect_cpu = report.collect.cpu if report.collect else {}
    if elsewhere := [f"{cpu[OTHERS]:.2f} {phase}" for phase, cpu in phases if cpu.get(OTHERS, 0.0) > BUSY_ELSEWHERE]:
        yield (
            f"WARNING: other work kept the machine busy ({', '.join(elsewhere)} cores): these figures understate what "
            "it can do alone; run again on a quiet machine"
        )
    for failure in report.server_start_failures:
        yield f"WARNING: a start of the API server failed and it was started again: {failure}"
    yield (
        f"raw ceiling: {report.ceiling.count:,} appends in {report.ceiling.seconds:.1f} s; an application's save: "
        f"{report.baseline.count:,} in {report.baseline.seconds:.1f} s; rates are successful mutations per second; "
        "latencies include every request, errors too"
    )
    warm = report.warm_up
    yield (
        f"warm-up before the peak phase (not in the figures): {warm.requests} requests, "
        f"{warm.error_count} errors{_codes(warm)}"
    )
    splits = ((), (), report.peak.server_split, report.dashboard.server_split, report.half.server_split)
    for (phase, cpu), split in zip(phases, splits, strict=True):
        if cpu:
            yield f"CPU cores busy {phase} (of {report.cpus}): {_cpu_text(cpu, split)}"
    if collect_cpu:
        yield (
            f"CPU cores busy during collectPayment (of {report.cpus}): {_cpu_text(collect_cpu, ())}; the relay "
            "and the collection actor settle the payments while they arrive (in the server on SQLite, in "
            "`kraken project` on PostgreSQL)"
        )
    yield (
        "open loop: requests leave on a fixed schedule whatever the answers; latency counts from when each was "
        "due, so a server that falls behind shows it"
    )


def _cpu_text(cpu: dict[str, float], server_split: tuple[float, ...]) -> str:
    parts = []
    for name, cores in cpu.items():
        text = f"{name} {cores:.2f}"
        if name == "API server" and len(server_split) > 1:
            text += f" ({' + '.join(f'{share:.2f}' for share in server_split)} by process)"
        parts.append(text)
    return ", ".join(parts)


def _errors(load: Load) -> str:
    return f"{load.error_count} of {load.requests}{_codes(load)}"


def _codes(load: Load) -> str:
    if not load.errors:
        return ""
    return " (" + ", ".join(f"{code} x{n}" for code, n in sorted(load.errors.items(), key=lambda kv: -kv[1])) + ")"


def _read(read: Read) -> str:
    return f"{read.p50_ms:,.2f} / {read.p99_ms:,.2f} ms"


def _per(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def _met(ok: bool) -> str:
    return "[green]yes[/green]" if ok else "[red]no[/red]"
