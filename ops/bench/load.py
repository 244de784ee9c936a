"""Driving the API: keep-alive clients, the outcome and latency of every request, and a phase's figures."""

from __future__ import annotations

import asyncio
import dataclasses
import math
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import msgspec

from ops.bench.http import Connection, HttpError
from ops.bench.processes import cpu_during, process_groups
from ops.bench.seed import Pair
from ops.bench.server import Server
from settings import Settings

REQUEST_TIMEOUT = 30.0
CLIENT_ARRIVAL_SECONDS = 0.01

Request = tuple[bytes, dict[str, str]]  # a request's encoded body and its headers


@dataclasses.dataclass(frozen=True)
class HttpSetup:
    """What the HTTP phases share: the scratch settings, the directory for the servers' logs, the seeded
    pairs, and the run's options."""

    settings: Settings
    directory: Path
    pairs: Sequence[Pair]
    seconds: float
    concurrency: int
    workers: int
    progress: Callable[[str], None]


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


def with_cpu(server: Server, settings: Settings, phase: Coroutine[Any, Any, Load]) -> Load:
    load, cpu, by_process = cpu_during(process_groups(settings, server.pids), lambda: asyncio.run(phase))
    # Workers share one listening socket and the kernel hands each connection to one of them: an uneven
    # split of the clients' keep-alive connections shows here as one busy worker and one idle one.
    split = tuple(sorted(by_process["API server"], reverse=True))
    return dataclasses.replace(load, cpu=cpu, server_split=split)


class Tally:
    """Latency and outcome of every request; errors are counted by their code and kept in the latencies.

    `done` tells from the answer's data whether the mutation happened.
    """

    def __init__(self, done: Callable[[dict[str, Any]], bool]) -> None:
        self.done = done
        self.latencies: list[float] = []
        self.errors: Counter[str] = Counter()

    async def send(self, client: Connection, request: Request, since: float) -> None:
        """Posts one mutation; the latency runs from `since` (when it was due to be sent) to the answer."""
        body, headers = request
        try:
            status, answer = await client.post(body, headers)
            error = _error_of(status, answer, self.done)
        except HttpError as exc:
            error = str(exc)
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
            p50_ms=percentile(self.latencies, 0.50) * 1000,
            p99_ms=percentile(self.latencies, 0.99) * 1000,
        )


def _error_of(status: int, body: bytes, done: Callable[[dict[str, Any]], bool]) -> str | None:
    """None for a mutation that happened; otherwise what went wrong (the Kraken error code if any)."""
    if status != 200:
        return f"HTTP {status}"
    try:
        answer = msgspec.json.decode(body)
    except msgspec.DecodeError:
        return "invalid JSON"
    if not isinstance(answer, dict):
        return "unexpected answer"
    if answer.get("errors"):
        first = answer["errors"][0]
        return str((first.get("extensions") or {}).get("errorCode") or first.get("message", "?")[:60])
    return None if done(answer.get("data") or {}) else "unexpected answer"


@asynccontextmanager
async def keep_alive_clients(url: str, count: int) -> AsyncIterator[list[Connection]]:
    """`count` keep-alive connections, one per client, as a load balancer in front of the workers keeps.

    They are opened one by one: opened all at once, they tend to be accepted by whichever worker wakes
    first, which then serves them all while the others idle; and one client per connection spreads the
    requests over all of them, where a shared pool would reuse its first connections most.
    """
    clients = [Connection(url, REQUEST_TIMEOUT) for _ in range(count)]
    try:
        for client in clients:
            await client.post(b'{"query": "{ __typename }"}', {})
            await asyncio.sleep(CLIENT_ARRIVAL_SECONDS)
        yield clients
    finally:
        for client in clients:
            await client.close()


async def closed_loop(
    url: str,
    pairs: Sequence[Pair],
    concurrency: int,
    seconds: float,
    tally: Tally,
    request: Callable[[int, int, Sequence[Pair]], Request],
) -> Load:
    """`concurrency` clients, each sending its next request as soon as the last one is answered;
    `request(client, turn, own)` is what client number `client` sends at its `turn`, given the pairs it owns."""
    async with keep_alive_clients(url, concurrency) as clients:
        started = time.perf_counter()
        deadline = started + seconds

        async def one_client(index: int) -> None:
            # Each client owns its pairs, so clients do not race for one ledger (real users rarely do);
            # with fewer pairs than clients some share, and the application retries the conflicts.
            own = list(pairs[index::concurrency]) or [pairs[index % len(pairs)]]
            turn = 0
            while time.perf_counter() < deadline:
                await tally.send(clients[index], request(index, turn, own), time.perf_counter())
                turn += 1

        await asyncio.gather(*(one_client(index) for index in range(concurrency)))
        return tally.result(time.perf_counter() - started)


def no_load() -> Load:
    return Load(0, 0, {}, 0.0, math.nan, math.nan)


def percentile(samples: Sequence[float], fraction: float) -> float:
    """Nearest rank: the smallest sample with at least `fraction` of all samples at or below it."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    return ordered[max(1, math.ceil(fraction * len(ordered))) - 1]
