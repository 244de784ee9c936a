"""Phase 4: what a read costs, one client at a time beside the floor of any request (`{ __typename }`),
and the dashboard at peak, many clients at once."""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Sequence
from typing import Any

from ops.bench.http import Connection
from ops.bench.load import REQUEST_TIMEOUT, Load, Request, Tally, closed_loop, percentile
from ops.bench.seed import Pair

WARM_UP = 20

FLOOR = "{ __typename }"
ONE_FIELD = "{ viewer { id } }"
# What an app's home screen asks for: who is logged in, the account, its ledgers with their balances and
# last ten transactions, the latest payment schedule and the next three payments it will collect.
DASHBOARD = (
    "query Dashboard($number: String!) { viewer { givenName accounts { number } } "
    "account(accountNumber: $number) { number status balance ledgers { number name balance "
    "transactions(first: 10) { edges { node { __typename postedDate amount title } } } } "
    "paymentSchedules(first: 1) { edges { node { paymentDay paymentAmount validFrom } } } "
    "paginatedPaymentForecast(first: 3) { edges { node { date amount } } } } }"
)


@dataclasses.dataclass(frozen=True)
class Read:
    name: str
    requests: int
    p50_ms: float
    p99_ms: float
    failures: int


async def measure_reads(url: str, pair: Pair, seconds: float) -> tuple[Read, Read, Read]:
    """The floor, a one-field authenticated read and a dashboard-sized one, each for `seconds` in turn."""
    headers = pair.transfers[0][1]  # the first user's token
    connection = Connection(url, REQUEST_TIMEOUT)
    try:
        floor = await _read(connection, "{ __typename }", FLOOR, {}, {}, seconds)
        one = await _read(connection, "viewer { id }", ONE_FIELD, {}, headers, seconds)
        variables = {"number": pair.account_number}
        dashboard = await _read(connection, "dashboard", DASHBOARD, variables, headers, seconds)
        return floor, one, dashboard
    finally:
        await connection.close()


async def _read(
    connection: Connection, name: str, query: str, variables: dict[str, str], headers: dict[str, str], seconds: float
) -> Read:
    body = json.dumps({"query": query, "variables": variables}).encode()
    for _ in range(WARM_UP):
        await connection.post(body, headers)
    latencies, failures = [], 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        status, answer = await connection.post(body, headers)
        latencies.append(time.perf_counter() - started)
        failures += status != 200 or b'"errors"' in answer
    return Read(name, len(latencies), percentile(latencies, 0.5) * 1000, percentile(latencies, 0.99) * 1000, failures)


async def dashboard_at_peak(url: str, pairs: Sequence[Pair], concurrency: int, seconds: float) -> Load:
    """`concurrency` clients, each reading its own account's dashboard as soon as the last one is answered."""
    requests = {pair.account_number: _dashboard(pair) for pair in pairs}
    return await closed_loop(
        url,
        pairs,
        concurrency,
        seconds,
        Tally(_answered),
        lambda _, turn, own: requests[own[turn % len(own)].account_number],
    )


def _dashboard(pair: Pair) -> Request:
    body = json.dumps({"query": DASHBOARD, "variables": {"number": pair.account_number}}).encode()
    return body, pair.transfers[0][1]


def _answered(data: dict[str, Any]) -> bool:
    account = data.get("account") or {}
    return bool(account.get("ledgers") and (account.get("paginatedPaymentForecast") or {}).get("edges"))
