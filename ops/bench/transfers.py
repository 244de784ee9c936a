"""Phases 2, 3 and 5: transferLoyaltyPointsBetweenUsers over HTTP, closed loop at peak then open loop at half
the peak rate, with the database work per mutation and the server's memory meanwhile."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Sequence
from typing import Any

from ops.bench.load import HttpSetup, Load, Request, Tally, closed_loop, keep_alive_clients, no_load, with_cpu
from ops.bench.reads import Read, dashboard_at_peak, measure_reads
from ops.bench.round_trips import STATS_FLUSH_SECONDS, PostgresCounters, RoundTrips, sqlite_round_trips
from ops.bench.seed import Pair
from ops.bench.server import Server


@dataclasses.dataclass(frozen=True)
class ApiFigures:
    warm_up: Load
    peak: Load
    open_loop_rate: float
    half: Load
    round_trips: RoundTrips
    reads: tuple[Read, Read, Read]
    dashboard: Load  # the dashboard read by every client at once
    peak_rss_mb: float
    connections: tuple[int, int] | None
    server_start_failures: tuple[str, ...]


def measure_api(setup: HttpSetup) -> ApiFigures:
    """Phases 2, 3 and 5: the server under load, closed loop then open loop, its database work and memory."""
    settings, pairs, seconds, concurrency = setup.settings, setup.pairs, setup.seconds, setup.concurrency
    progress = setup.progress
    counters = PostgresCounters(settings) if settings.uses_postgres else None
    start_failures: list[str] = []
    try:
        progress(f"starting the API server ({setup.workers} workers)")
        with Server.running(settings, setup.workers, setup.directory, start_failures) as server:
            # Fresh workers build their caches and pools on the first requests: not part of the figures.
            warm_up = asyncio.run(transfer_loop(server.url, pairs, concurrency, min(2.0, seconds / 4)))
            # Before the counters' snapshot, so that the database work per mutation counts mutations only.
            progress(f"reads, one client: the floor, one field, a dashboard, {seconds / 4:g} s each")
            reads = asyncio.run(measure_reads(server.url, pairs[0], seconds / 4))
            progress(f"dashboard at peak: {concurrency} clients for {seconds / 2:g} s")
            dashboard = with_cpu(server, settings, dashboard_at_peak(server.url, pairs, concurrency, seconds / 2))
            if counters:
                progress(f"waiting {STATS_FLUSH_SECONDS:g} s for PostgreSQL's statistics to settle")
            before = counters.settled() if counters else None
            progress(f"peak: {concurrency} clients for {seconds:g} s")
            peak = with_cpu(server, settings, transfer_loop(server.url, pairs, concurrency, seconds))
            rate = peak.rate / 2
            progress(f"open loop at {rate:,.1f} mutations/s for {seconds:g} s")
            half = with_cpu(server, settings, _open_loop(server.url, pairs, rate, seconds, concurrency))
            peak_rss_mb = server.peak_rss_mb()
            # Pools keep what they opened (psycopg_pool closes idle connections only after 10 minutes).
            connections = counters.server_connections() if counters else None
        # After the server has stopped: PostgreSQL counts a backend's last transactions as it exits.
        mutations = peak.requests + half.requests
        round_trips = counters.since(before, mutations) if counters and before else sqlite_round_trips()
    finally:
        if counters:
            counters.close()
    return ApiFigures(
        warm_up, peak, rate, half, round_trips, reads, dashboard, peak_rss_mb, connections, tuple(start_failures)
    )


def _transferred(data: dict[str, Any]) -> bool:
    return ((data.get("transferLoyaltyPointsBetweenUsers") or {}).get("pointsTransferred")) == 1


async def transfer_loop(url: str, pairs: Sequence[Pair], concurrency: int, seconds: float) -> Load:
    """`concurrency` clients, each sending its next transfer as soon as the last one is answered."""
    return await closed_loop(url, pairs, concurrency, seconds, Tally(_transferred), _next_transfer)


def _next_transfer(client: int, turn: int, own: Sequence[Pair]) -> Request:
    pair = own[turn % len(own)]
    direction = (turn // len(own)) % 2  # alternate, so nobody runs dry
    return pair.transfers[direction]


async def _open_loop(url: str, pairs: Sequence[Pair], rate: float, seconds: float, connections: int) -> Load:
    """Transfers sent on a fixed schedule (`rate` per second) whatever the answers do: a slow server
    cannot slow the arrivals down, and the latency counts from when each request was due (a request
    whose connection is still busy waits for it, and that wait counts too)."""
    if rate <= 0:
        return no_load()  # nothing succeeded at peak: there is no half of it to aim at
    tally = Tally(_transferred)
    count = max(1, int(rate * seconds))
    async with keep_alive_clients(url, connections) as clients:
        started = time.perf_counter()
        sent = []
        for index in range(count):
            due = started + index / rate
            if (delay := due - time.perf_counter()) > 0:
                await asyncio.sleep(delay)
            pair = pairs[index % len(pairs)]
            direction = (index // len(pairs)) % 2
            client = clients[index % len(clients)]  # round robin, as a load balancer would
            sent.append(asyncio.create_task(tally.send(client, pair.transfers[direction], due)))
        await asyncio.gather(*sent)
        return tally.result(time.perf_counter() - started)
