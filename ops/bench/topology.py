"""`kraken bench --topology`: the mutation rate over HTTP as `kraken up` runs more API processes and
workers, each against the raw append ceiling measured in the same run.

For each of 1, 2 and 4 API processes with 1 and 2 workers: `kraken up` on scratch data (a fresh
PostgreSQL schema, and a private redis-server as the broker, so that no message of the benchmark ever
reaches a real worker), a warm-up, transferLoyaltyPointsBetweenUsers at peak, collectPayment at peak,
and how fast those collections then settle end to end (projector's relay → broker → worker → sandbox
provider → success and ledger entry), with the cores each group of processes kept busy meanwhile.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import msgspec
import psycopg
from psycopg_pool import PoolTimeout
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ops import local_server
from ops.bench.appends import Appends, raw_ceiling
from ops.bench.collect import Settlement, collect_loop, wait_for_settlement
from ops.bench.load import Load
from ops.bench.measure import backend
from ops.bench.processes import OTHERS, cpu_during, process_groups, process_tree
from ops.bench.report import BUSY_ELSEWHERE
from ops.bench.scratch import scratch
from ops.bench.seed import Pair, seed
from ops.bench.server import application_name, server_environment
from ops.bench.transfers import transfer_loop
from ops.topology.supervisor import read_state
from projections.store import PostgresReadStore
from settings import Settings

T = TypeVar("T")

SHAPES = ((1, 1), (2, 1), (4, 1), (1, 2), (2, 2), (4, 2))  # (API processes, workers)
START_SECONDS = 120.0  # a process imports the whole stack: ~3 s alone, several of them on 2 busy cores
API_GROUP, POSTGRES_GROUP = "API server", "PostgreSQL (all its processes)"


class TopologyUnavailable(Exception):
    """The benchmark cannot run here (no PostgreSQL, no redis-server), said as a sentence."""


@dataclasses.dataclass(frozen=True)
class Shape:
    """One topology's figures."""

    api: int
    workers: int
    transfers: Load
    collect: Load
    settlement: Settlement
    start_seconds: float
    connections: int  # PostgreSQL connections its processes held after the load

    @property
    def settled_share(self) -> float:
        return self.settlement.rate / self.collect.rate if self.collect.rate else 0.0


@dataclasses.dataclass(frozen=True)
class Skipped:
    """A topology not measured, and why."""

    api: int
    workers: int
    reason: str


@dataclasses.dataclass(frozen=True)
class TopologyReport:
    backend: str
    cpus: int
    seconds: float
    concurrency: int
    users: int
    ceiling: Appends
    shapes: tuple[Shape | Skipped, ...]


def run_topology(
    settings: Settings,
    *,
    seconds: float,
    concurrency: int,
    users: int,
    shapes: Sequence[tuple[int, int]] = SHAPES,
    progress: Callable[[str], None] = lambda _: None,
) -> TopologyReport:
    """Every shape in turn on one set of scratch data (removed afterwards)."""
    if not settings.uses_postgres:
        raise TopologyUnavailable("kraken bench --topology runs `kraken up`, which needs KRAKEN_DATABASE_URL")
    if users < 2 or users % 2:
        raise TopologyUnavailable("--users: an even number of at least 2 (they are seeded in pairs sharing an account)")
    redis_server = shutil.which("redis-server")
    if redis_server is None:
        raise TopologyUnavailable(
            "kraken bench --topology starts a private redis-server as its broker: none is installed"
        )
    with scratch(settings) as (fresh, directory):
        # Up to seven processes share PostgreSQL's connections (100 by default): few each.
        fresh = msgspec.structs.replace(fresh, pool_size=1, pool_max_overflow=2)
        progress(f"ceiling: raw event-shaped appends through the driver for {seconds:g} s")
        ceiling = raw_ceiling(fresh, seconds)
        progress(f"seeding {users} users in {users // 2} shared accounts")
        pairs = seed(fresh, users // 2)
        with private_redis(redis_server, directory) as broker_url:
            measured: list[Shape | Skipped] = []
            per_process = 0.0  # connections a process holds, once a topology has been measured
            for api, workers in shapes:
                processes = api + workers + 1
                in_use, limit = _connections_in_use(fresh)
                if per_process and in_use + per_process * processes > limit:
                    reason = (
                        f"needs about {per_process * processes:.0f} PostgreSQL connections ({per_process:.0f} per "
                        f"process), {limit - in_use} are free of max_connections {limit}"
                    )
                    progress(f"skipping --api {api} --workers {workers}: {reason}")
                    measured.append(Skipped(api, workers, reason))
                    continue
                progress(f"kraken up --api {api} --workers {workers}")
                try:
                    shape = _measure_shape(
                        fresh, broker_url, directory, pairs, api, workers, seconds, concurrency, progress
                    )
                except (RuntimeError, psycopg.Error, PoolTimeout) as exc:
                    # One topology that cannot start or be measured (the database out of connections, say)
                    # does not cost the figures of the others.
                    progress(f"--api {api} --workers {workers} failed: {exc}")
                    measured.append(Skipped(api, workers, f"failed: {str(exc).splitlines()[0][:200]}"))
                    continue
                measured.append(shape)
                per_process = max(per_process, shape.connections / processes)
    return TopologyReport(backend(settings), os.cpu_count() or 1, seconds, concurrency, users, ceiling, tuple(measured))


@contextmanager
def private_redis(binary: str, directory: Path) -> Iterator[str]:
    """A redis-server of the run's own on a free loopback port, persisting as a production broker would."""
    port = local_server.free_port()
    command = [
        binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(directory), "--save", "",
        "--appendonly", "yes", "--appendfsync", "everysec", "--protected-mode", "no",
    ]  # fmt: skip
    process = local_server.start(command, dict(os.environ), directory / "redis.log")
    try:
        deadline = time.monotonic() + 30
        while not _redis_answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise TopologyUnavailable(f"the private redis-server did not start: see {directory / 'redis.log'}")
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        local_server.stop(process)


def _redis_answers(port: int) -> bool:
    from redis import Redis, RedisError

    try:
        with Redis(port=port, socket_connect_timeout=1, socket_timeout=1) as client:
            return bool(client.ping())
    except RedisError:
        return False


class Running:
    """`kraken up` as a subprocess, found through its state file."""

    def __init__(self, process: subprocess.Popen[bytes], state_file: Path, log: Path) -> None:
        self.process, self.state_file, self.log = process, state_file, log

    def state(self) -> dict[str, Any]:
        return read_state(self.state_file) or {"children": []}

    def pids(self, kind: str) -> list[int]:
        """Every process of the children of `kind` (and what they forked)."""
        return [
            pid for c in self.state()["children"] if c["kind"] == kind and c["pid"] for pid in process_tree(c["pid"])
        ]

    @property
    def url(self) -> str:
        return str(self.state()["address"])

    def wait_until_ready(self, api: int, workers: int) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"kraken up exited with {self.process.returncode}: see {self.log}")
            output = self.log.read_text(errors="replace")
            if (
                (state := read_state(self.state_file))
                and output.count("Application startup complete") >= api
                and output.count("is ready for action") >= workers
                and local_server.answers(state["address"])
            ):
                return
            time.sleep(0.2)
        raise RuntimeError(f"kraken up did not start within {START_SECONDS:.0f} s: see {self.log}")


@contextmanager
def _up(settings: Settings, broker_url: str, directory: Path, api: int, workers: int) -> Iterator[Running]:
    name = f"up-{api}-{workers}"
    state_file, log = directory / f"{name}.json", directory / f"{name}.log"
    env = server_environment(settings) | {"KRAKEN_BROKER_URL": broker_url, "PYTHONUNBUFFERED": "1"}
    command = [
        str(Path(sys.executable).with_name("kraken")), "up", "--api", str(api), "--workers", str(workers),
        "--projectors", "1", "--schedulers", "0", "--host", "127.0.0.1", "--port", "0", "--state-file", str(state_file),
    ]  # fmt: skip
    running = Running(local_server.start(command, env, log), state_file, log)
    try:
        yield running
    finally:
        local_server.stop(running.process)


def _measure_shape(
    settings: Settings,
    broker_url: str,
    directory: Path,
    pairs: Sequence[Pair],
    api: int,
    workers: int,
    seconds: float,
    concurrency: int,
    progress: Callable[[str], None],
) -> Shape:
    started = time.perf_counter()
    with _up(settings, broker_url, directory, api, workers) as running:
        running.wait_until_ready(api, workers)
        start_seconds = time.perf_counter() - started
        url = running.url
        groups = process_groups(settings, lambda: running.pids("api"))
        groups["workers"] = lambda: running.pids("worker")
        groups["projector"] = lambda: running.pids("projector")
        asyncio.run(transfer_loop(url, pairs, concurrency, min(2.0, seconds / 4)))  # fresh processes warm up
        progress(f"  transferLoyaltyPointsBetweenUsers: {concurrency} clients for {seconds:g} s")
        transfers = _with_cpu(groups, lambda: asyncio.run(transfer_loop(url, pairs, concurrency, seconds)))
        before = _payments_by_status(settings)
        progress(f"  collectPayment: {concurrency} clients for {seconds:g} s, then until those payments settle")
        collect_started = time.perf_counter()
        phase = f"topology-{api}-{workers}"
        collect = _with_cpu(groups, lambda: asyncio.run(collect_loop(url, pairs, concurrency, seconds, phase)))
        settlement = wait_for_settlement(settings, before, collect_started, collect.succeeded)
        connections = _connections_held(settings)
    return Shape(api, workers, transfers, collect, settlement, start_seconds, connections)


def _with_cpu(groups: dict[str, Callable[[], list[int]]], work: Callable[[], Load]) -> Load:
    load, cpu, by_process = cpu_during(groups, work)
    return dataclasses.replace(load, cpu=cpu, server_split=tuple(sorted(by_process[API_GROUP], reverse=True)))


def _payments_by_status(settings: Settings) -> dict[str, int]:
    store = PostgresReadStore(settings.database_url, settings.database_schema, max_size=1)
    try:
        return {str(status): int(count) for status, count in store.rows(
            "SELECT status, COUNT(*) FROM payments GROUP BY status")}  # fmt: skip
    finally:
        store.close()


def _connections_in_use(settings: Settings) -> tuple[int, int]:
    """Client connections PostgreSQL holds now (everyone's), and its max_connections less those reserved."""
    with psycopg.connect(settings.database_url, connect_timeout=10) as db:
        used = db.execute("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'").fetchone()
        limit = db.execute(
            "SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int"
        ).fetchone()
    return (int(used[0]) if used else 0), (int(limit[0]) if limit else 0)


def _connections_held(settings: Settings) -> int:
    """Connections the topology's processes hold (libpq names them after the scratch schema)."""
    with psycopg.connect(settings.database_url, connect_timeout=10) as db:
        row = db.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", (application_name(settings),)
        ).fetchone()
    return int(row[0]) if row else 0


# The table ---------------------------------------------------------------------------------------


def render_topology(report: TopologyReport) -> RenderableType:
    base = report.ceiling.rate
    facts = Text(
        f"{report.backend} · {report.cpus} CPUs · {report.concurrency} clients · {report.seconds:g} s per phase · "
        f"{report.users} users · raw ceiling (LOCK + INSERT, 1 client) {base:,.0f} /s"
    )
    table = Table(title="kraken bench --topology", title_justify="left")
    columns = (
        "API", "workers", "transfers /s", "÷ ceiling", "p50 / p99 ms", "collections /s", "÷ ceiling", "p50 / p99 ms",
        "settled /s (÷ requested)", "cores: API / PostgreSQL / workers / projector", "errors", "connections",
    )  # fmt: skip
    for column in columns:
        table.add_column(column, justify="left" if column.startswith("cores") else "right")
    for shape in report.shapes:
        if isinstance(shape, Skipped):
            table.add_row(str(shape.api), str(shape.workers), "not measured", *[""] * 10)
            continue
        transfers, collect, settled = shape.transfers, shape.collect, shape.settlement
        cpu = collect.cpu
        cores = " / ".join(
            f"{cpu.get(group, 0.0):.2f}" for group in (API_GROUP, POSTGRES_GROUP, "workers", "projector")
        )
        table.add_row(
            str(shape.api),
            str(shape.workers),
            f"{transfers.rate:,.1f}",
            f"{transfers.rate / base:.3f}" if base else "—",
            f"{transfers.p50_ms:,.1f} / {transfers.p99_ms:,.1f}",
            f"{collect.rate:,.1f}",
            f"{collect.rate / base:.3f}" if base else "—",
            f"{collect.p50_ms:,.1f} / {collect.p99_ms:,.1f}",
            f"{settled.rate:,.1f} ({shape.settled_share:.2f})"
            + ("" if settled.settled == settled.payments else f" {settled.payments - settled.settled} unsettled"),
            cores,
            f"{transfers.error_count + collect.error_count} of {transfers.requests + collect.requests}",
            str(shape.connections),
        )
    notes = [
        "each row is a fresh `kraken up` (1 projector, no scheduler) on the same scratch data, a private "
        "redis-server as the broker; rates are successful mutations per second with every client in a closed loop",
        "settled /s: collections settled end to end (relay → broker → worker → sandbox → ledger) from the first "
        "request until the last settled; cores are averages during the collectPayment phase",
    ]
    for shape in report.shapes:
        if isinstance(shape, Skipped):
            notes.append(f"{shape.api}x{shape.workers} not measured: {shape.reason}")
            continue
        if errors := Counter(shape.transfers.errors) + Counter(shape.collect.errors):
            listed = ", ".join(f"{code} x{count}" for code, count in errors.most_common())
            notes.append(f"errors with {shape.api}x{shape.workers}: {listed}")
        elsewhere = max(shape.transfers.cpu.get(OTHERS, 0.0), shape.collect.cpu.get(OTHERS, 0.0))
        if elsewhere > BUSY_ELSEWHERE:
            notes.append(
                f"WARNING: other work kept {elsewhere:.2f} cores busy during the {shape.api}x{shape.workers} phases: "
                "run again on a quiet machine"
            )
    return Group(facts, table, Text("\n".join(f"· {note}" for note in notes), style="dim"))
