"""PostgreSQL and Redis restarted under load: the processes carry on once the service is back, a
client is told a Kraken error (never an HTTP 500) while it is away, and nothing answered is lost."""

from __future__ import annotations

import time

import psycopg
import pytest

from projections.runner import NotifyWakeup
from tests.fault.deployment import Deployment, Traffic
from tests.fault.invariants import settle_and_check
from tests.fault.services import PostgresCluster

pytestmark = pytest.mark.postgres

CUSTOMERS = 4
SUCCESSES_BEFORE = 30
SUCCESSES_AFTER = 30
# A request waits this long for a database connection (eventsourcing's POSTGRES_CONNECT_TIMEOUT, in
# whole seconds, 5 by default) and its recorders try 10 times, 0.2 s apart: it fails after ~11 s.
CONNECT_TIMEOUT_SECONDS = 1
DATABASE_OUTAGE_SECONDS = 14.0  # long enough for requests to give up, so that what they are told shows
BROKER_OUTAGE_SECONDS = 3.0


@pytest.fixture
def deployment_environment() -> dict[str, str]:
    """Requests give up on an absent database after ~11 s rather than ~52 s, within the outage."""
    return {"POSTGRES_CONNECT_TIMEOUT": str(CONNECT_TIMEOUT_SECONDS)}


def test_postgres_restarted_under_load_loses_no_answered_collection(deployment: Deployment) -> None:
    # given the deployment under load
    customers = deployment.seed(CUSTOMERS)
    with Traffic(deployment.api.url, customers) as traffic:
        traffic.wait_for_successes(SUCCESSES_BEFORE)
        # when the database crashes (no checkpoint: WAL recovery at the next start) and comes back
        deployment.postgres.stop("immediate")
        time.sleep(DATABASE_OUTAGE_SECONDS)
        deployment.postgres.start()
        traffic.wait_for_successes(SUCCESSES_AFTER)
    # then the requests that gave up meanwhile were told a Kraken error (settle_and_check refuses
    # any other answer), every process outlived the outage, and nothing answered is lost
    assert [a for a in traffic.snapshot() if a.outcome == "error"], "no request gave up during the outage"
    findings = settle_and_check(deployment, traffic)
    print(f"\npostgres restarted: {findings}")


def test_the_projectors_wakeup_listens_again_after_postgres_restarts(postgres: PostgresCluster) -> None:
    # given a wakeup listening on a channel
    wakeup = NotifyWakeup(postgres.url, ["fault_channel"])
    try:
        # when the database restarts under it
        postgres.stop("fast")
        wakeup.wait(0.1)  # finds its connection gone, while nothing answers
        postgres.start()
        wakeup.wait(0.1)  # listens again
        # then it is woken by the next notification, not at its timeout
        with psycopg.connect(postgres.url, autocommit=True, connect_timeout=10) as db:
            db.execute("NOTIFY fault_channel")
        started = time.monotonic()
        wakeup.wait(10.0)
        assert time.monotonic() - started < 5.0
    finally:
        wakeup.close()
        if not postgres.server.alive:
            postgres.start()


def test_redis_restarted_under_load_loses_no_message(deployment: Deployment) -> None:
    # given the deployment under load
    customers = deployment.seed(CUSTOMERS)
    with Traffic(deployment.api.url, customers) as traffic:
        traffic.wait_for_successes(SUCCESSES_BEFORE)
        # when the broker is killed with messages queued, and started again from its append-only file
        deployment.redis.kill()
        time.sleep(BROKER_OUTAGE_SECONDS)
        deployment.redis.start()
        traffic.wait_for_successes(SUCCESSES_AFTER)
    # then the relay and the worker reconnected, and every message queued before was worked
    findings = settle_and_check(deployment, traffic)
    print(f"\nredis restarted: {findings}")
