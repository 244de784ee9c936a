"""Liveness, readiness and the Prometheus exposition of an API process.

`GET /healthz` answers while the process can answer at all: no I/O. `GET /readyz` answers 200 only
when every context's event store, the read store and the broker (when one is configured) are
reachable and no read model lags more than KRAKEN_READY_MAX_LAG events behind its store
(projections/lag.py says how lag is counted); 503 otherwise. Its body names each check and its
result, and only that: never a URL, a host or an exception's message, which may carry either.

The checks run on one thread of their own, off the event loop, bounded by READY_TIMEOUT_SECONDS:
a check that hangs (a database that stopped answering) makes the answer 503 with "timed out", and
the next probe waits for that thread rather than start another. Scrapes have a thread of their own
likewise, bounded by METRICS_TIMEOUT_SECONDS (503 beyond).

`GET /metrics` serves the process's metrics (projections/metrics.py) and, measured at scrape time,
the lag of the read models and reactions and the outbox's depth. With PROMETHEUS_MULTIPROC_DIR set
it serves what every process writing into that directory recorded (`kraken serve --workers N`).

None of them is GraphQL: no rate limit, no GraphiQL.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

import anyio
import anyio.to_thread
from litestar import Response, get
from litestar.datastructures import State
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from projections import metrics
from projections.contexts import Contexts
from projections.lag import FollowerCollector, measure
from projections.projection import Follower, ViewFollower
from settings import CONTEXTS, Settings

READY_TIMEOUT_SECONDS = 2.0
METRICS_TIMEOUT_SECONDS = 10.0
_BROKER_PORTS = {"redis": 6379, "rediss": 6379, "amqp": 5672, "amqps": 5671}
OK = "ok"


class Observatory:
    """What the three endpoints need from the process: built at start-up, after any fork."""

    def __init__(self, settings: Settings, contexts: Contexts, followers: Sequence[Follower]) -> None:
        self.settings, self.contexts, self.followers = settings, contexts, followers
        self.views = [f for f in followers if isinstance(f, ViewFollower)]
        # One thread for the checks and one for scrapes: a hanging one holds up the next of its kind
        # rather than pile up threads, and a slow scrape never makes a readiness probe time out.
        self.checking = anyio.CapacityLimiter(1)
        self.scraping = anyio.CapacityLimiter(1)
        self.registry = metrics.scrape_registry(FollowerCollector(lambda: self.followers))

    def check_names(self) -> list[str]:
        return [
            *(f"{name}_events" for name in CONTEXTS),
            "read_store",
            *(["broker"] if self.settings.broker_url else []),
            "read_models",
        ]

    def check(self, found: dict[str, str]) -> None:
        """Runs every check in turn, writing each result into `found` as soon as it is known."""
        for name in CONTEXTS:
            recorder = getattr(self.contexts, name).recorder
            found[f"{name}_events"] = _attempt(recorder.max_notification_id)
        found["read_store"] = _attempt(lambda: self.contexts.read.store.rows("SELECT 1"))
        if self.settings.broker_url:
            found["broker"] = _attempt(lambda: _connect(self.settings.broker_url))
        found["read_models"] = self._lag()

    def _lag(self) -> str:
        measurement = measure(self.views)
        if measurement.failed:
            return "unreachable (" + ", ".join(sorted(set(measurement.failed.values()))) + ")"
        limit = self.settings.ready_max_lag
        behind = sorted(((lag, name) for name, lag in measurement.lag.items() if lag > limit), reverse=True)
        if not behind:
            return OK
        listed = ", ".join(f"{name} ({lag})" for lag, name in behind[:5])
        return f"more than {limit} events behind: {listed}"


def _attempt(check: Callable[[], Any]) -> str:
    try:
        check()
    except Exception as exc:
        # The kind of failure only: a driver's message may name the host, the user or the URL.
        return f"unreachable ({type(exc).__name__})"
    return OK


def _connect(url: str) -> None:
    parts = urlsplit(url)
    port = parts.port or _BROKER_PORTS.get(parts.scheme, 0)
    socket.create_connection((parts.hostname or "127.0.0.1", port), timeout=READY_TIMEOUT_SECONDS / 2).close()


@get("/healthz", sync_to_thread=False, include_in_schema=False)
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@get("/readyz", include_in_schema=False)
async def readyz(state: State) -> Response[dict[str, Any]]:
    observatory: Observatory = state.observatory
    found: dict[str, str] = {}
    with anyio.move_on_after(READY_TIMEOUT_SECONDS):
        await anyio.to_thread.run_sync(observatory.check, found, limiter=observatory.checking, abandon_on_cancel=True)
    # A snapshot: a check that timed out may still write into `found` from its thread.
    checks = {name: found.get(name, "timed out") for name in observatory.check_names()}
    ready = all(result == OK for result in checks.values())
    return Response({"status": "ready" if ready else "unready", "checks": checks}, status_code=200 if ready else 503)


@get("/metrics", include_in_schema=False)
async def metrics_endpoint(state: State) -> Response[bytes]:
    observatory: Observatory = state.observatory
    body: bytes | None = None
    with anyio.move_on_after(METRICS_TIMEOUT_SECONDS):
        body = await anyio.to_thread.run_sync(
            generate_latest, observatory.registry, limiter=observatory.scraping, abandon_on_cancel=True
        )
    if body is None:
        return Response(b"metrics timed out\n", status_code=503, media_type="text/plain")
    return Response(body, media_type=CONTENT_TYPE_LATEST)


ROUTES = [healthz, readyz, metrics_endpoint]
