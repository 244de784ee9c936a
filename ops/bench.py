"""The benchmark: how fast the configured store appends, and how close the real API gets to it.

One run, on the configured store (SQLite by default, PostgreSQL when KRAKEN_DATABASE_URL is set),
in scratch data that is removed at the end (a fresh directory under the data dir, or a fresh
PostgreSQL schema `bench_<random>`), so real data is never touched. With the defaults below it
takes 55 s on SQLite and 75 s on PostgreSQL on a 2-core box: three phases of `seconds`, ~20 s of
seeding (an argon2 hash per user) and, on PostgreSQL, 11 s for the database's statistics to settle.

1. baseline: single-event appends (one aggregate event per transaction) through the recorder of a
   scratch Application with the contexts' own persistence settings and mapper, one thread;
2. `transferLoyaltyPointsBetweenUsers` end to end over HTTP against the real server (uvicorn
   subprocess): closed loop at `concurrency` clients (peak), then open loop at half that rate;
3. round trips per mutation on PostgreSQL (pg_stat_database, pg_stat_statements when loaded);
4. projection catch-up: every read model dropped and replayed, events/s;
5. the API processes' peak RSS;
6. `collectPayment` over HTTP (closed loop at `concurrency` clients, each request a new payment due
   today by direct debit) on a fresh server, and how fast those payments then settle end to end:
   the relay hands each to the collection actor, which asks the sandbox provider and records the
   success and the ledger entry (no broker: the server's embedded relay on SQLite, a `kraken
   project` process beside the server on PostgreSQL, as in production).

Run it with `kraken bench` (ops/cli.py).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import math
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AsyncExitStack, asynccontextmanager, contextmanager, suppress
from functools import partial
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

import httpx
import msgspec
import psycopg
from eventsourcing.domain import Aggregate
from psycopg import sql
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from domain.identity import commands as identity
from domain.loyalty import commands as loyalty
from domain.payments import commands as payments
from domain.payments.ledger import main_ledger_number
from domain.shared.application import ContextApplication
from ops.following import runner
from ops.runtime import build, start_actors
from projections.catalogue import PROJECTIONS
from projections.contexts import Contexts
from projections.projection import ViewFollower
from projections.store import PostgresReadStore, ReadStore, SQLiteReadStore
from settings import Settings
from workers import runtime as workers_runtime

T = TypeVar("T")

API_PATH = "/v1/graphql/"  # api.app.API_PATH; importing api.app here would build the whole schema for nothing
# The targets of the issue, shown beside what was measured.
TARGET_SHARE_OF_APPENDS = 0.25
TARGET_P99_MS = 50.0
TARGET_CATCH_UP = 10_000.0
TARGET_RSS_MB = 200.0

TRANSFER = (
    "mutation Transfer($input: TransferLoyaltyPointsBetweenUsersInput!) "
    "{ transferLoyaltyPointsBetweenUsers(input: $input) { pointsTransferred } }"
)
COLLECT = "mutation Collect($input: CollectPaymentInput!) { collectPayment(input: $input) { payment { id status } } }"
COLLECT_AMOUNT = 100  # pence: an amount the sandbox provider settles as succeeded
SETTLE_TIMEOUT = 300.0  # how long to wait for the collections to settle after the load
# Every transfer moves one point and directions alternate, so balances stay near where they start.
STARTING_POINTS = 1_000_000
REQUEST_TIMEOUT = 30.0
SERVER_START_TIMEOUT = 90.0
SERVER_START_ATTEMPTS = 10  # PostgreSQL workers racing to create the schema fail about half their starts
CLIENT_ARRIVAL_SECONDS = 0.01
OTHERS = "other processes"
# More than this many cores busy with work that is not the benchmark's makes its figures doubtful.
BUSY_ELSEWHERE = 0.25
# PostgreSQL backends flush their transaction counters when idle, at most 10 s late (PGSTAT_IDLE_INTERVAL).
STATS_FLUSH_SECONDS = 11.0
NOISE_WINDOW_SECONDS = 3.0


# What a run reports ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Load:
    """One HTTP phase: every request sent, errors included in the latency figures."""

    requests: int
    succeeded: int
    errors: dict[str, int]
    seconds: float
    p50_ms: float
    p99_ms: float
    cpu: dict[str, float] = dataclasses.field(default_factory=dict)  # cores busy on average, by process group
    server_split: tuple[float, ...] = ()  # cores busy in each API server process (parent and workers)

    @property
    def rate(self) -> float:
        return self.succeeded / self.seconds if self.seconds else 0.0

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


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
class CatchUp:
    projection: str
    events: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


@dataclasses.dataclass(frozen=True)
class Settlement:
    """The collections of the collectPayment phase, from the first request until the last settled."""

    payments: int
    settled: int
    succeeded: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.settled / self.seconds if self.seconds else 0.0


@dataclasses.dataclass(frozen=True)
class Report:
    backend: str
    cpus: int
    workers: int
    concurrency: int
    seconds: float
    users: int
    appends: int
    append_seconds: float
    append_cpu: dict[str, float]  # cores busy during the baseline, by process group
    warm_up: Load
    peak: Load
    open_loop_rate: float
    half: Load
    round_trips: RoundTrips
    catch_up: tuple[CatchUp, ...]
    peak_rss_mb: float
    connections: tuple[int, int] | None = None  # PostgreSQL: (held by the API after the load, max_connections)
    server_start_failures: tuple[str, ...] = ()  # starts that failed before one succeeded
    collect: Load | None = None  # collectPayment at peak
    settlement: Settlement | None = None  # those payments settling end to end

    @property
    def append_rate(self) -> float:
        return self.appends / self.append_seconds

    @property
    def catch_up_rate(self) -> float:
        seconds = sum(c.seconds for c in self.catch_up)
        return sum(c.events for c in self.catch_up) / seconds if seconds else 0.0


def run(
    settings: Settings,
    *,
    seconds: float,
    concurrency: int,
    workers: int,
    users: int,
    progress: Callable[[str], None] = lambda _: None,
) -> Report:
    """Measures everything in one run, on scratch data of the configured store (removed afterwards).

    `progress` is told each step as it starts (a run takes a few times `seconds`, plus the seeding).
    """
    if users < 2 or users % 2:
        raise ValueError("users: an even number of at least 2 (they are seeded in pairs sharing an account)")
    with _scratch(settings) as (scratch, directory):
        progress(f"baseline: appending single events for {seconds:g} s")
        appends, append_seconds, append_cpu = _append_baseline(scratch, seconds)
        progress(f"seeding {users} users in {users // 2} shared accounts")
        pairs = _seed(scratch, users // 2)
        api = _measure_api(
            scratch, directory, pairs, seconds=seconds, concurrency=concurrency, workers=workers, progress=progress
        )
        collect, settlement = _measure_collections(
            scratch, directory, pairs, seconds=seconds, concurrency=concurrency, workers=workers, progress=progress
        )
        progress("rebuilding every read model")
        catch_up = _rebuild_read_models(scratch)
    return Report(
        backend=_backend(settings),
        cpus=os.cpu_count() or 1,
        workers=workers,
        concurrency=concurrency,
        seconds=seconds,
        users=users,
        appends=appends,
        append_seconds=append_seconds,
        append_cpu=append_cpu,
        warm_up=api.warm_up,
        peak=api.peak,
        open_loop_rate=api.open_loop_rate,
        half=api.half,
        round_trips=api.round_trips,
        catch_up=catch_up,
        peak_rss_mb=api.peak_rss_mb,
        connections=api.connections,
        server_start_failures=api.server_start_failures,
        collect=collect,
        settlement=settlement,
    )


@dataclasses.dataclass(frozen=True)
class _ApiFigures:
    warm_up: Load
    peak: Load
    open_loop_rate: float
    half: Load
    round_trips: RoundTrips
    peak_rss_mb: float
    connections: tuple[int, int] | None
    server_start_failures: tuple[str, ...]


def _measure_api(
    settings: Settings,
    directory: Path,
    pairs: Sequence[Pair],
    *,
    seconds: float,
    concurrency: int,
    workers: int,
    progress: Callable[[str], None],
) -> _ApiFigures:
    """Phases 2, 3 and 5: the server under load, closed loop then open loop, its database work and memory."""
    counters = _PostgresCounters(settings) if settings.uses_postgres else None
    start_failures: list[str] = []
    try:
        progress(f"starting the API server ({workers} workers)")
        with _Server.running(settings, workers, directory, start_failures) as server:
            # Fresh workers build their caches and pools on the first requests: not part of the figures.
            warm_up = asyncio.run(_closed_loop(server.url, pairs, concurrency, min(2.0, seconds / 4)))
            if counters:
                progress(f"waiting {STATS_FLUSH_SECONDS:g} s for PostgreSQL's statistics to settle")
            before = counters.settled() if counters else None
            progress(f"peak: {concurrency} clients for {seconds:g} s")
            peak = _with_cpu(server, settings, _closed_loop(server.url, pairs, concurrency, seconds))
            rate = peak.rate / 2
            progress(f"open loop at {rate:,.1f} mutations/s for {seconds:g} s")
            half = _with_cpu(server, settings, _open_loop(server.url, pairs, rate, seconds, concurrency))
            peak_rss_mb = server.peak_rss_mb()
            # Pools keep what they opened (psycopg_pool closes idle connections only after 10 minutes).
            connections = counters.server_connections() if counters else None
        # After the server has stopped: PostgreSQL counts a backend's last transactions as it exits.
        mutations = peak.requests + half.requests
        round_trips = counters.since(before, mutations) if counters and before else _sqlite_round_trips()
    finally:
        if counters:
            counters.close()
    return _ApiFigures(warm_up, peak, rate, half, round_trips, peak_rss_mb, connections, tuple(start_failures))


def _measure_collections(
    settings: Settings,
    directory: Path,
    pairs: Sequence[Pair],
    *,
    seconds: float,
    concurrency: int,
    workers: int,
    progress: Callable[[str], None],
) -> tuple[Load, Settlement]:
    """Phase 6, on a server of its own (so that phase 3's counters count transfers only)."""
    failures: list[str] = []
    with _Server.running(settings, workers, directory, failures) as server, _followers(settings, directory):
        asyncio.run(_collect_loop(server.url, pairs, concurrency, min(2.0, seconds / 4), "warm-up"))
        # The warm-up's payments settle first, so that what settles next is the measured phase's.
        warm_up = _wait_for_settlement(settings, {}, time.perf_counter())
        before = {"SUCCEEDED": warm_up.succeeded, "FAILED": warm_up.settled - warm_up.succeeded}
        progress(f"collectPayment: {concurrency} clients for {seconds:g} s")
        started = time.perf_counter()
        collect = _with_cpu(server, settings, _collect_loop(server.url, pairs, concurrency, seconds, "peak"))
        progress("waiting for those payments to settle (relay, collection actor, sandbox provider, ledger)")
        settlement = _wait_for_settlement(settings, before, started)
    return collect, settlement


@contextmanager
def _followers(settings: Settings, directory: Path) -> Iterator[None]:
    """On PostgreSQL the API server does not follow the stores (production runs `kraken project`
    beside it): start one, which with no broker runs the collection actor inline in its relay."""
    if not settings.uses_postgres:
        yield
        return
    with (directory / "project.log").open("wb") as log:
        process = subprocess.Popen(
            [str(Path(sys.executable).with_name("kraken")), "project"],
            cwd=Path(__file__).resolve().parents[1],
            # Few connections: the API server holds most of what PostgreSQL allows (max_connections).
            env=_server_environment(msgspec.structs.replace(settings, pool_size=1, pool_max_overflow=0)),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _collections(store: ReadStore) -> dict[str, int]:
    """How many payments the read model holds, by status."""
    rows = store.rows("SELECT status, COUNT(*) FROM payments GROUP BY status")
    return {str(status): int(count) for status, count in rows}


def _wait_for_settlement(settings: Settings, before: dict[str, int], started: float) -> Settlement:
    settled_statuses = ("SUCCEEDED", "FAILED")
    deadline = time.perf_counter() + SETTLE_TIMEOUT
    # One connection, not a whole runtime: the server and `kraken project` hold most of PostgreSQL's.
    store: ReadStore = (
        PostgresReadStore(settings.database_url, settings.database_schema, max_size=1)
        if settings.uses_postgres
        else SQLiteReadStore(Path(settings.data_dir) / "read_models.db")
    )
    try:
        return _poll_settlement(store, before, started, deadline, settled_statuses)
    finally:
        store.close()


def _poll_settlement(
    store: ReadStore, before: dict[str, int], started: float, deadline: float, settled_statuses: tuple[str, ...]
) -> Settlement:
    while True:
        now = _collections(store)
        elapsed = time.perf_counter() - started
        new = {status: count - before.get(status, 0) for status, count in now.items()}
        payments = sum(new.values())
        settled = sum(new.get(status, 0) for status in settled_statuses)
        if settled >= payments or time.perf_counter() > deadline:
            return Settlement(payments, settled, new.get("SUCCEEDED", 0), elapsed)
        time.sleep(0.2)


# Scratch data ------------------------------------------------------------------------------------


@contextmanager
def _scratch(settings: Settings) -> Iterator[tuple[Settings, Path]]:
    """Settings pointing at fresh data, removed at the end: a directory under data_dir (the same disk as
    the real SQLite files, so that fsync costs the same) or, on PostgreSQL, a fresh schema (and a
    temporary directory for the server's log)."""
    token = secrets.token_hex(4)
    if settings.uses_postgres:
        directory = Path(tempfile.mkdtemp(prefix=f"kraken-bench-{token}-"))
        schema = f"bench_{token}"
        with psycopg.connect(settings.database_url, autocommit=True) as db:
            db.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    else:
        directory = Path(settings.data_dir).resolve() / f"bench-{token}"
        directory.mkdir(parents=True)
        schema = settings.database_schema
    scratch = msgspec.structs.replace(settings, data_dir=str(directory), database_schema=schema, graphiql=False)
    try:
        yield scratch, directory
    finally:
        if settings.uses_postgres:
            with psycopg.connect(settings.database_url, autocommit=True) as db:
                db.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
        shutil.rmtree(directory, ignore_errors=True)


def _backend(settings: Settings) -> str:
    if not settings.uses_postgres:
        return f"SQLite {sqlite3.sqlite_version}"
    with psycopg.connect(settings.database_url) as db:
        row = db.execute("SHOW server_version").fetchone()
        commit = db.execute("SHOW synchronous_commit").fetchone()
    version = row[0] if row else "?"
    return f"PostgreSQL {version} (synchronous_commit={commit[0] if commit else '?'})"


# 1. Baseline: the store's raw append rate --------------------------------------------------------


class Tick(Aggregate):
    """The smallest aggregate: its one (created) event is what the baseline appends."""


class BenchAppends(ContextApplication):
    """Same persistence settings and mapper as the contexts; its own table (PostgreSQL) or file (SQLite)."""

    name = "BenchAppends"


def _append_baseline(settings: Settings, seconds: float) -> tuple[int, float, dict[str, float]]:
    """Appends for `seconds`; returns how many, in how long, and the cores busy meanwhile."""
    app = BenchAppends(settings.store_env("bench_appends"))
    try:
        app.save(Tick())  # creates the table and opens the connection outside the measured loop

        def append() -> tuple[int, float]:
            count, started = 0, time.perf_counter()
            deadline = started + seconds
            while time.perf_counter() < deadline:
                app.save(Tick())
                count += 1
            return count, time.perf_counter() - started

        # Measured while the connection is open: its PostgreSQL backend exits with it, and its CPU time too.
        (count, elapsed), cpu, _ = _cpu_during(_groups(settings), append)
        return count, elapsed, cpu
    finally:
        app.close()


# 2. Seeding: pairs of users sharing an account, each with points and a token ---------------------


@dataclasses.dataclass(frozen=True)
class Pair:
    """Two users of one account: `transfers[0]` sends a point from the first to the second, [1] back."""

    account_number: str
    transfers: tuple[tuple[bytes, dict[str, str]], tuple[bytes, dict[str, str]]]


def _seed(settings: Settings, count: int) -> list[Pair]:
    contexts = build(settings)
    try:
        # register_user hashes a password with argon2 (tens of ms of CPU, outside the GIL): use every core.
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            pairs = list(pool.map(partial(_seed_pair, contexts), range(count)))
        _settle_followers(settings, contexts)  # opens each account's main ledger
        for pair in pairs:
            _direct_debit(contexts, pair.account_number)
        _settle_followers(settings, contexts)
        return pairs
    finally:
        contexts.close()


def _seed_pair(contexts: Contexts, index: int) -> Pair:
    account = contexts.accounts.open_account(f"Bench Customer {index}")
    ids = [
        contexts.identity.register_user(
            identity.RegisterUser(
                email=f"bench-{index}-{side}@bench.example",
                password=secrets.token_urlsafe(16),
                given_name="Bench",
                family_name=f"User {index}{side}",
                account_numbers=(account.number,),
            )
        )
        for side in "ab"
    ]
    contexts.loyalty.enroll_account_in_loyalty_program(
        loyalty.EnrollAccountInLoyaltyProgram(viewer_id=ids[0], account_number=account.number)
    )
    for user_id in ids:
        contexts.loyalty.award_points(
            loyalty.AwardPoints(
                user_id=user_id, account_number=account.number, points=STARTING_POINTS, reason_code="BENCHMARK"
            )
        )
    first, second = (_token(contexts, user_id) for user_id in ids)
    return Pair(
        account.number,
        (_transfer(account.number, first, ids[1]), _transfer(account.number, second, ids[0])),
    )


def _direct_debit(contexts: Contexts, account_number: str) -> None:
    """A direct debit instruction on the account's main ledger, so that a payment can be collected today."""
    contexts.payments.set_up_direct_debit_instruction(
        payments.SetUpDirectDebitInstruction(
            account_number=account_number,
            valid_from=contexts.payments.clock.now(),
            bank_details=payments.BankDetails(account_holder="Bench", sort_code="200000", account_number="55779911"),
            account_user_id="bench",
            ledger_number=main_ledger_number(account_number),
        )
    )


def _token(contexts: Contexts, user_id: UUID) -> str:
    # An API key login costs a SHA-256, not an argon2 verify; the token is the one obtainKrakenToken gives.
    key = contexts.identity.issue_secret_key(user_id)
    return contexts.identity.obtain_kraken_token(identity.ObtainKrakenToken(client="kraken-bench", api_key=key)).token


def _transfer(account_number: str, token: str, receiver: UUID) -> tuple[bytes, dict[str, str]]:
    # Encoded once: the load generator shares the CPU with the server, so it should do little per request.
    variables = {"input": {"accountNumber": account_number, "receivingUserId": str(receiver), "points": 1}}
    body = json.dumps({"query": TRANSFER, "variables": variables}).encode()
    return body, {"Authorization": token, "Content-Type": "application/json"}


def _settle_followers(settings: Settings, contexts: Contexts) -> None:
    """Brings read models, reactions and the outbox up to date, so the server starts with nothing to catch up."""
    start_actors(settings, contexts)
    try:
        follow = runner(msgspec.structs.replace(settings, broker_url=""), contexts)
        follow.catch_up()
        follow.wakeup.close()
    finally:
        workers_runtime.reset()


# The server under test ---------------------------------------------------------------------------


class _Server:
    """`uvicorn ops.runtime:create_app --factory` as a subprocess, with the scratch settings in its environment."""

    def __init__(self, process: subprocess.Popen[bytes], url: str, log: Path) -> None:
        self.process, self.url, self.log = process, url, log

    @classmethod
    @contextmanager
    def running(cls, settings: Settings, workers: int, directory: Path, failures: list[str]) -> Iterator[_Server]:
        """A server that answers; failed starts are retried and told to `failures`, to be reported."""
        server = cls._start(settings, workers, directory, failures)
        try:
            yield server
        finally:
            server.stop()

    @classmethod
    def _start(cls, settings: Settings, workers: int, directory: Path, failures: list[str]) -> _Server:
        for attempt in range(1, SERVER_START_ATTEMPTS + 1):
            server = cls._spawn(settings, workers, directory / f"server-{attempt}.log")
            try:
                server.wait_until_ready(workers)
                return server
            except BaseException as exc:
                server.stop()
                if not isinstance(exc, ServerStartFailed) or attempt == SERVER_START_ATTEMPTS:
                    raise
                failures.append(exc.summary)
        raise AssertionError("unreachable")

    @classmethod
    def _spawn(cls, settings: Settings, workers: int, log: Path) -> _Server:
        port = _free_port()
        command = [
            sys.executable, "-m", "uvicorn", "ops.runtime:create_app", "--factory",
            "--workers", str(workers), "--host", "127.0.0.1", "--port", str(port),
            # As `kraken serve` does: forwarded headers only from the proxies the settings trust.
            *(["--forwarded-allow-ips", trusted] if (trusted := settings.trusted_proxies) else ["--no-proxy-headers"]),
        ]  # fmt: skip
        with log.open("wb") as output:
            process = subprocess.Popen(
                command,
                cwd=Path(__file__).resolve().parents[1],
                env=_server_environment(settings),
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so that its workers go with it
            )
        return cls(process, f"http://127.0.0.1:{port}{API_PATH}", log)

    def wait_until_ready(self, workers: int) -> None:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerStartFailed(f"the API server exited with {self.process.returncode}", self.log)
            # Every worker says so once its start-up hook (building the applications) has run.
            started = self.log.read_text(errors="replace").count("Application startup complete")
            if started >= workers and self._answers():
                return
            time.sleep(0.2)
        raise ServerStartFailed(f"the API server did not start within {SERVER_START_TIMEOUT:.0f} s", self.log)

    def _answers(self) -> bool:
        try:
            response = httpx.post(self.url, json={"query": "{ __typename }"}, timeout=5)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    def pids(self) -> list[int]:
        return _process_tree(self.process.pid)

    def peak_rss_mb(self) -> float:
        """The largest VmHWM (peak resident set) of the uvicorn parent and its workers."""
        peaks = [_status_kb(pid, "VmHWM") for pid in self.pids()]
        return max((kb for kb in peaks if kb is not None), default=0) / 1024

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # uvicorn shuts its workers down on SIGTERM
            with suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=15)
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # whatever of its group is left
        self.process.wait()


class ServerStartFailed(RuntimeError):
    """The server exited or never answered; the message carries its output from the first traceback."""

    def __init__(self, what: str, log: Path) -> None:
        lines = log.read_text(errors="replace").splitlines()
        first = next((n for n, line in enumerate(lines) if line.startswith("Traceback")), max(0, len(lines) - 60))
        super().__init__(f"{what}:\n" + "\n".join(lines[first : first + 80]))
        # The first exception line is the cause; uvicorn's own ERROR lines say which stage failed.
        cause = next((line.strip(" |") for line in lines if _EXCEPTION_LINE.match(line.strip(" |"))), "no exception")
        stages = [line.removeprefix("ERROR:").strip() for line in lines if _UVICORN_ERROR.match(line)]
        self.summary = f"{what}: {cause} ({' / '.join(stages)})"


_EXCEPTION_LINE = re.compile(r"^[\w.]+(Error|Exception|Error_)\w*: ")
_UVICORN_ERROR = re.compile(r"^ERROR:\s+[A-Z]")


def _server_environment(settings: Settings) -> dict[str, str]:
    # Inherited KRAKEN_*/POSTGRES_* variables would override the scratch settings: the server gets exactly these.
    env = {name: value for name, value in os.environ.items() if not name.startswith(("KRAKEN_", "POSTGRES_"))}
    for setting in msgspec.structs.fields(Settings):
        value = getattr(settings, setting.name)
        env[f"KRAKEN_{setting.name.upper()}"] = str(value).lower() if isinstance(value, bool) else str(value)
    # libpq names the server's connections, so they can be told apart in pg_stat_activity.
    env["PGAPPNAME"] = _application_name(settings)
    return env


def _application_name(settings: Settings) -> str:
    return f"kraken-bench-{settings.database_schema}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


# /proc: process trees, peak memory, CPU time -----------------------------------------------------


def _stat(pid: int) -> tuple[str, list[str]] | None:
    """The command name and the fields after it (field 3, the state, is [0])."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name, _, rest = text.partition("(")[2].rpartition(")")
    return name, rest.split()


def _process_tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))):
            children.setdefault(int(stat[1][1]), []).append(int(entry.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def _postgres_pids() -> list[int]:
    """Every PostgreSQL process on this machine (the benchmark assumes the database runs here, as in CI)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) and stat[0] == "postgres":
            found.append(int(entry.name))
    return found


def _status_kb(pid: int, key: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _cpu_seconds(pids: Iterable[int]) -> dict[int, float]:
    ticks = os.sysconf("SC_CLK_TCK")
    seconds = {}
    for pid in pids:
        if stat := _stat(pid):
            seconds[pid] = (int(stat[1][11]) + int(stat[1][12])) / ticks  # utime + stime
    return seconds


def _machine_busy_seconds() -> float:
    """CPU time spent by everything on this machine (all cores), from the first line of /proc/stat."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _cpu_during(
    groups: dict[str, Callable[[], list[int]]], work: Callable[[], T]
) -> tuple[T, dict[str, float], dict[str, list[float]]]:
    """Runs `work` and says how many cores each group of processes kept busy meanwhile (in total and
    by process), plus everything else on the machine ("other processes"): on a shared box that one
    says how far to trust the figures."""
    before = {name: _cpu_seconds(pids()) for name, pids in groups.items()}
    machine_before, started = _machine_busy_seconds(), time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - started
    machine = _machine_busy_seconds() - machine_before
    cpu, by_process = {}, {}
    for name, pids in groups.items():
        after = _cpu_seconds(pids())
        # A process that started meanwhile spent all its CPU time in this window.
        by_process[name] = [(total - before[name].get(pid, 0.0)) / elapsed for pid, total in after.items()]
        cpu[name] = sum(by_process[name])
    cpu[OTHERS] = max(0.0, machine / elapsed - sum(cpu.values()))
    return result, cpu, by_process


def _groups(settings: Settings, server: _Server | None = None) -> dict[str, Callable[[], list[int]]]:
    groups: dict[str, Callable[[], list[int]]] = {}
    if server:
        groups["API server"] = server.pids
    groups["this process" if server is None else "load generator"] = lambda: [os.getpid()]
    if settings.uses_postgres:
        groups["PostgreSQL (all its processes)"] = _postgres_pids
    return groups


def _with_cpu(server: _Server, settings: Settings, phase: Coroutine[Any, Any, Load]) -> Load:
    load, cpu, by_process = _cpu_during(_groups(settings, server), lambda: asyncio.run(phase))
    # Workers share one listening socket and the kernel hands each connection to one of them: an uneven
    # split of the clients' keep-alive connections shows here as one busy worker and one idle one.
    split = tuple(sorted(by_process["API server"], reverse=True))
    return dataclasses.replace(load, cpu=cpu, server_split=split)


# Driving the API ---------------------------------------------------------------------------------


def _transferred(data: dict[str, Any]) -> bool:
    return ((data.get("transferLoyaltyPointsBetweenUsers") or {}).get("pointsTransferred")) == 1


def _collected(data: dict[str, Any]) -> bool:
    return bool(((data.get("collectPayment") or {}).get("payment") or {}).get("id"))


class _Tally:
    """Latency and outcome of every request; errors are counted by their code and kept in the latencies.

    `done` tells from the answer's data whether the mutation happened (a transfer by default).
    """

    def __init__(self, done: Callable[[dict[str, Any]], bool] = _transferred) -> None:
        self.done = done
        self.latencies: list[float] = []
        self.errors: Counter[str] = Counter()

    async def send(
        self, client: httpx.AsyncClient, url: str, request: tuple[bytes, dict[str, str]], since: float
    ) -> None:
        """Posts one transfer; the latency runs from `since` (when it was due to be sent) to the answer."""
        body, headers = request
        try:
            response = await client.post(url, content=body, headers=headers)
            error = _error_of(response, self.done)
        except httpx.HTTPError as exc:
            error = type(exc).__name__
        self.latencies.append(time.perf_counter() - since)
        if error:
            self.errors[error] += 1

    def result(self, seconds: float) -> Load:
        count = len(self.latencies)
        return Load(
            requests=count,
            succeeded=count - sum(self.errors.values()),
            errors=dict(self.errors),
            seconds=seconds,
            p50_ms=_percentile(self.latencies, 0.50) * 1000,
            p99_ms=_percentile(self.latencies, 0.99) * 1000,
        )


def _error_of(response: httpx.Response, done: Callable[[dict[str, Any]], bool]) -> str | None:
    """None for a mutation that happened; otherwise what went wrong (the Kraken error code if any)."""
    if response.status_code != 200:
        return f"HTTP {response.status_code}"
    try:
        answer = response.json()
    except ValueError:
        return "invalid JSON"
    if answer.get("errors"):
        first = answer["errors"][0]
        return str((first.get("extensions") or {}).get("errorCode") or first.get("message", "?")[:60])
    return None if done(answer.get("data") or {}) else "unexpected answer"


@asynccontextmanager
async def _connections(url: str, count: int) -> AsyncIterator[list[httpx.AsyncClient]]:
    """`count` keep-alive connections, one per client, as a load balancer in front of the workers keeps.

    They are opened one by one: opened all at once, they tend to be accepted by whichever worker wakes
    first, which then serves them all while the others idle; and one client per connection spreads the
    requests over all of them, where a shared pool would reuse its first connections most.
    """
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with AsyncExitStack() as stack:
        clients = [
            await stack.enter_async_context(httpx.AsyncClient(limits=limits, timeout=REQUEST_TIMEOUT))
            for _ in range(count)
        ]
        for client in clients:
            await client.post(url, json={"query": "{ __typename }"})
            await asyncio.sleep(CLIENT_ARRIVAL_SECONDS)
        yield clients


async def _closed_loop(url: str, pairs: Sequence[Pair], concurrency: int, seconds: float) -> Load:
    """`concurrency` clients, each sending its next transfer as soon as the last one is answered."""
    tally = _Tally()
    async with _connections(url, concurrency) as clients:
        started = time.perf_counter()
        deadline = started + seconds

        async def one_client(index: int) -> None:
            # Each client owns its pairs, so clients do not race for one ledger (real users rarely do);
            # with fewer pairs than clients some share, and the application retries the conflicts.
            own = list(pairs[index::concurrency]) or [pairs[index % len(pairs)]]
            turn = 0
            while time.perf_counter() < deadline:
                pair = own[turn % len(own)]
                direction = (turn // len(own)) % 2  # alternate, so nobody runs dry
                await tally.send(clients[index], url, pair.transfers[direction], time.perf_counter())
                turn += 1

        await asyncio.gather(*(one_client(index) for index in range(concurrency)))
        return tally.result(time.perf_counter() - started)


async def _open_loop(url: str, pairs: Sequence[Pair], rate: float, seconds: float, connections: int) -> Load:
    """Transfers sent on a fixed schedule (`rate` per second) whatever the answers do: a slow server
    cannot slow the arrivals down, and the latency counts from when each request was due (a request
    whose connection is still busy waits for it, and that wait counts too)."""
    if rate <= 0:
        return _no_load()  # nothing succeeded at peak: there is no half of it to aim at
    tally = _Tally()
    count = max(1, int(rate * seconds))
    async with _connections(url, connections) as clients:
        started = time.perf_counter()
        sent = []
        for index in range(count):
            due = started + index / rate
            if (delay := due - time.perf_counter()) > 0:
                await asyncio.sleep(delay)
            pair = pairs[index % len(pairs)]
            direction = (index // len(pairs)) % 2
            client = clients[index % len(clients)]  # round robin, as a load balancer would
            sent.append(asyncio.create_task(tally.send(client, url, pair.transfers[direction], due)))
        await asyncio.gather(*sent)
        return tally.result(time.perf_counter() - started)


async def _collect_loop(url: str, pairs: Sequence[Pair], concurrency: int, seconds: float, phase: str) -> Load:
    """`concurrency` clients, each asking for its next collection as soon as the last one is answered;
    every request is a new payment (its own idempotency key), due today by direct debit."""
    tally = _Tally(_collected)
    today = time.strftime("%Y-%m-%d", time.gmtime())
    async with _connections(url, concurrency) as clients:
        started = time.perf_counter()
        deadline = started + seconds

        async def one_client(index: int) -> None:
            own = list(pairs[index::concurrency]) or [pairs[index % len(pairs)]]
            turn = 0
            while time.perf_counter() < deadline:
                pair = own[turn % len(own)]
                key = f"bench-{phase}-{index}-{turn}"
                await tally.send(clients[index], url, _collect(pair, key, today), time.perf_counter())
                turn += 1

        await asyncio.gather(*(one_client(index) for index in range(concurrency)))
        return tally.result(time.perf_counter() - started)


def _collect(pair: Pair, key: str, today: str) -> tuple[bytes, dict[str, str]]:
    variables = {
        "input": {
            "accountNumber": pair.account_number,
            "ledgerNumber": main_ledger_number(pair.account_number),
            "amount": COLLECT_AMOUNT,
            "paymentDate": today,
            "description": "kraken bench",
            "idempotencyKey": key,
            "collectionMethod": "DIRECT_DEBIT",
        }
    }
    body = json.dumps({"query": COLLECT, "variables": variables}).encode()
    return body, pair.transfers[0][1]  # the first user's token and headers


def _no_load() -> Load:
    return Load(0, 0, {}, 0.0, math.nan, math.nan)


def _percentile(samples: Sequence[float], fraction: float) -> float:
    """Nearest rank: the smallest sample with at least `fraction` of all samples at or below it."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    return ordered[max(1, math.ceil(fraction * len(ordered))) - 1]


# 3. Round trips ----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Counts:
    at: float
    transactions: int
    statements: int | None
    table_reads: int
    rows_written: int


class _PostgresCounters:
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
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", (_application_name(self.settings),)
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


def _sqlite_round_trips() -> RoundTrips:
    return RoundTrips(notes=("SQLite: n/a (the store is a file in the API process: no network round trips)",))


# 4. Projection catch-up --------------------------------------------------------------------------


def _rebuild_read_models(settings: Settings) -> tuple[CatchUp, ...]:
    """Drops and replays every read model in turn; the server is stopped, so nothing else writes."""
    contexts = build(settings)
    try:
        timings = []
        for kind in PROJECTIONS:
            projection = kind()
            follower = ViewFollower(projection, getattr(contexts, projection.upstream), contexts.read.store)
            started = time.perf_counter()
            events = follower.rebuild()
            timings.append(CatchUp(projection.name, events, time.perf_counter() - started))
        return tuple(timings)
    finally:
        contexts.close()


# Rendering ---------------------------------------------------------------------------------------


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
        ("÷ append rate", "right"),
        ("target", "left"),
        ("met", "center"),
    ):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for row in _rows(report):
        table.add_row(*row)
    notes = [*_notes(report), *report.round_trips.notes]
    return Group(facts, table, Text("\n".join(f"· {note}" for note in notes), style="dim"))


def _rows(report: Report) -> Iterator[tuple[str, str, str, str, str]]:
    base = report.append_rate
    peak, half = report.peak, report.half
    yield ("raw append rate (1 event/transaction, 1 thread)", f"{base:,.0f} /s", "1.00", "—", "")
    yield (
        f"transferLoyaltyPointsBetweenUsers, peak ({report.concurrency} clients)",
        f"{peak.rate:,.1f} /s",
        f"{peak.rate / base:.3f}",
        f"≥ {TARGET_SHARE_OF_APPENDS:.0%} of appends (≥ {TARGET_SHARE_OF_APPENDS * base:,.0f} /s)",
        _met(peak.rate >= TARGET_SHARE_OF_APPENDS * base),
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
            "",
            "",
        )
        yield ("  errors", _errors(collect), "—", "", "")
        yield ("  latency p50 / p99", f"{collect.p50_ms:,.1f} / {collect.p99_ms:,.1f} ms", "—", "", "")
    if report.settlement is not None:
        settled = report.settlement
        yield (
            f"  collections settled end to end ({settled.settled:,} of {settled.payments:,}, "
            f"{settled.succeeded:,} succeeded, in {settled.seconds:.1f} s)",
            f"{settled.rate:,.1f} /s",
            f"{settled.rate / base:.3f}",
            "all settle",
            _met(settled.settled == settled.payments),
        )


def _notes(report: Report) -> Iterator[str]:
    phases = (
        ("during the baseline", report.append_cpu),
        ("at peak", report.peak.cpu),
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
        f"baseline: {report.appends:,} appends in {report.append_seconds:.1f} s; rates are successful mutations "
        "per second; latencies include every request, errors too"
    )
    warm = report.warm_up
    yield (
        f"warm-up before the peak phase (not in the figures): {warm.requests} requests, "
        f"{warm.error_count} errors{_codes(warm)}"
    )
    for (phase, cpu), split in zip(phases, ((), report.peak.server_split, report.half.server_split), strict=True):
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


def _per(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def _met(ok: bool) -> str:
    return "[green]yes[/green]" if ok else "[red]no[/red]"
