"""Phase 6: collectPayment over HTTP on a fresh server, and how fast those payments then settle end to end.

Each request is a new payment due today by direct debit. The relay hands each to the collection actor,
which asks the sandbox provider and records the success and the ledger entry (no broker: the server's
embedded relay on SQLite, a `kraken project` process beside the server on PostgreSQL, as in production).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import msgspec

from domain.payments.ledger import main_ledger_number
from ops import local_server
from ops.bench.load import HttpSetup, Load, Request, Tally, closed_loop, with_cpu
from ops.bench.seed import Pair
from ops.bench.server import Server, server_environment
from projections.store import PostgresReadStore, ReadStore, SQLiteReadStore
from settings import Settings

COLLECT = "mutation Collect($input: CollectPaymentInput!) { collectPayment(input: $input) { payment { id status } } }"
COLLECT_AMOUNT = 100  # pence: an amount the sandbox provider settles as succeeded
SETTLE_TIMEOUT = 300.0  # how long to wait for the collections to settle after the load


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


def measure_collections(setup: HttpSetup) -> tuple[Load, Settlement]:
    """Phase 6, on a server of its own (so that phase 3's counters count transfers only)."""
    settings, pairs, seconds, concurrency = setup.settings, setup.pairs, setup.seconds, setup.concurrency
    failures: list[str] = []
    with (
        Server.running(settings, setup.workers, setup.directory, failures) as server,
        _followers(settings, setup.directory),
    ):
        asyncio.run(collect_loop(server.url, pairs, concurrency, min(2.0, seconds / 4), "warm-up"))
        # The warm-up's payments settle first, so that what settles next is the measured phase's.
        warm_up = wait_for_settlement(settings, {}, time.perf_counter())
        before = {"SUCCEEDED": warm_up.succeeded, "FAILED": warm_up.settled - warm_up.succeeded}
        setup.progress(f"collectPayment: {concurrency} clients for {seconds:g} s")
        started = time.perf_counter()
        collect = with_cpu(server, settings, collect_loop(server.url, pairs, concurrency, seconds, "peak"))
        setup.progress("waiting for those payments to settle (relay, collection actor, sandbox provider, ledger)")
        settlement = wait_for_settlement(settings, before, started, collect.succeeded)
    return collect, settlement


@contextmanager
def _followers(settings: Settings, directory: Path) -> Iterator[None]:
    """On PostgreSQL the API server does not follow the stores (production runs `kraken project`
    beside it): start one, which with no broker runs the collection actor inline in its relay."""
    if not settings.uses_postgres:
        yield
        return
    process = local_server.start(
        [str(Path(sys.executable).with_name("kraken")), "project"],
        # Few connections: the API server holds most of what PostgreSQL allows (max_connections).
        server_environment(msgspec.structs.replace(settings, pool_size=1, pool_max_overflow=0)),
        directory / "project.log",
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


def wait_for_settlement(settings: Settings, before: dict[str, int], started: float, answered: int = 0) -> Settlement:
    """Waits until the payments the read model shows since `before`, and at least the `answered`
    collections the phase was told were made, have all settled (or the timeout ends the wait): a read
    model still behind the API shows fewer payments than were made, none at first."""
    settled_statuses = ("SUCCEEDED", "FAILED")
    deadline = time.perf_counter() + SETTLE_TIMEOUT
    # One connection, not a whole runtime: the server and `kraken project` hold most of PostgreSQL's.
    store: ReadStore = (
        PostgresReadStore(settings.database_url, settings.database_schema, max_size=1)
        if settings.uses_postgres
        else SQLiteReadStore(Path(settings.data_dir) / "read_models.db")
    )
    try:
        return _poll_settlement(store, before, started, deadline, settled_statuses, answered)
    finally:
        store.close()


def _poll_settlement(
    store: ReadStore,
    before: dict[str, int],
    started: float,
    deadline: float,
    settled_statuses: tuple[str, ...],
    answered: int,
) -> Settlement:
    while True:
        now = _collections(store)
        elapsed = time.perf_counter() - started
        new = {status: count - before.get(status, 0) for status, count in now.items()}
        payments = max(sum(new.values()), answered)
        settled = sum(new.get(status, 0) for status in settled_statuses)
        if settled >= payments or time.perf_counter() > deadline:
            return Settlement(payments, settled, new.get("SUCCEEDED", 0), elapsed)
        time.sleep(0.2)


def _collected(data: dict[str, Any]) -> bool:
    return bool(((data.get("collectPayment") or {}).get("payment") or {}).get("id"))


async def collect_loop(url: str, pairs: Sequence[Pair], concurrency: int, seconds: float, phase: str) -> Load:
    """`concurrency` clients, each asking for its next collection as soon as the last one is answered;
    every request is a new payment (its own idempotency key), due today by direct debit."""
    today = time.strftime("%Y-%m-%d", time.gmtime())

    def next_collection(client: int, turn: int, own: Sequence[Pair]) -> Request:
        return _collect(own[turn % len(own)], f"bench-{phase}-{client}-{turn}", today)

    return await closed_loop(url, pairs, concurrency, seconds, Tally(_collected), next_collection)


def _collect(pair: Pair, key: str, today: str) -> Request:
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
