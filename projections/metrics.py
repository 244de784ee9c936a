"""Every Prometheus metric the processes record, declared once.

They live here, in `projections/`, because this is the lowest layer that the API, the workers and
the followers all import (tests/test_layers.py): `domain/` stays pure and `settings/` holds only
settings. What is measured at scrape time rather than recorded as it happens (how far each read
model lags behind its store, the outbox's depth) is a collector in projections/lag.py.

Every metric has labels, so that none writes a value when its module is imported: a process that
runs in multiprocess mode (PROMETHEUS_MULTIPROC_DIR) may still choose its own directory at start-up
(ops/metrics.py), before its first sample. Label values come from closed sets (the schema's field
names, Kraken's error codes, actor names, follower names), never from a user.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram, multiprocess
from prometheus_client.core import Metric
from prometheus_client.registry import Collector

# A GraphQL request, by the server answering it (api or auth), its operation (the root field it
# selects, "introspection", or "other") and its outcome (ok, error, refused: HTTP 4xx, failed: HTTP 5xx).
REQUESTS = Counter("kraken_requests", "GraphQL requests answered.", ["server", "operation", "outcome"])
REQUEST_SECONDS = Histogram(
    "kraken_request_duration_seconds",
    "Time from a GraphQL request's arrival to the end of its answer.",
    ["server", "operation"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
# Every error answered: its Kraken code (KT-CT-...), or VALIDATION / APPLICATION for those without one.
ERRORS = Counter("kraken_errors", "Errors answered, by code.", ["server", "operation", "code"])
MUTATIONS = Counter("kraken_mutations", "Mutation fields answered, by their error code or ok.", ["mutation", "code"])
# KT-CT-1199: the points allowance (before execution) or a throttle of one mutation (login, shares, ...).
RATE_LIMITED = Counter("kraken_rate_limit_refusals", "Requests refused with KT-CT-1199.", ["kind", "operation"])
ACTOR_RUNS = Counter(
    "kraken_actor_runs",
    "Actor runs: success, failure (given up), retry (to be run again).",
    ["actor", "outcome"],
)
FOLLOWED = Counter("kraken_followed_events", "Events a follower processed.", ["follower"])
# 1 in the process holding the scheduler's lease, 0 in one that lost it; only live processes count.
LEASE_HOLDER = Gauge(
    "kraken_scheduler_lease_holder",
    "Whether this scheduler holds the lease.",
    ["lease", "holder"],
    multiprocess_mode="livemax",
)


def multiprocess_directory() -> str | None:
    """Where this process writes its samples when several processes share one exposition."""
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def process_stopped() -> None:
    """A live gauge of this process no longer counts once it stops (multiprocess mode)."""
    directory = multiprocess_directory()
    if directory is not None:
        multiprocess.mark_process_dead(os.getpid(), directory)  # type: ignore[no-untyped-call]


class _ThisProcess(Collector):
    """The process's own metrics (the default registry), when it is the only one writing them."""

    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()


def scrape_registry(*measured: Collector) -> CollectorRegistry:
    """What a scrape answers: the recorded metrics (of every process writing into the multiprocess
    directory, when there is one) and the `measured` collectors, which measure at scrape time."""
    registry = CollectorRegistry(auto_describe=False)
    directory = multiprocess_directory()
    if directory is not None:
        multiprocess.MultiProcessCollector(registry, path=directory)  # type: ignore[no-untyped-call]
    else:
        registry.register(_ThisProcess())
    for collector in measured:
        registry.register(collector)
    return registry
