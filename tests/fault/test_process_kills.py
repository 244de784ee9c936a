"""kill -9 of each production process under load, then a restart: nothing answered is lost, nothing
is applied twice, and the read models still equal their events."""

from __future__ import annotations

import subprocess
import time

import pytest

from tests.fault.deployment import Deployment, Traffic
from tests.fault.invariants import settle_and_check, table_rows
from tests.fault.services import KRAKEN, REPOSITORY, wait_until

pytestmark = pytest.mark.postgres

CUSTOMERS = 4
SUCCESSES_BEFORE = 30  # collections answered before the fault: it strikes under load, not before it
SUCCESSES_AFTER = 30  # and after it, so that the deployment is shown taking load again


@pytest.fixture
def deployment_environment() -> dict[str, str]:
    """The sandbox provider takes a second to settle a charge, as real ones take their time: until
    then the collection actor is retried from the broker's delay queue, which a worker holds."""
    return {"KRAKEN_PAYMENT_SANDBOX_SETTLE_SECONDS": "1"}


def test_the_api_killed_under_load_loses_no_answered_collection(deployment: Deployment) -> None:
    # given the deployment under load
    customers = deployment.seed(CUSTOMERS)
    with Traffic(deployment.api.url, customers) as traffic:
        traffic.wait_for_successes(SUCCESSES_BEFORE)
        # when the API process is killed mid-request, clients send their requests again until it
        # is back, and it is started again
        deployment.api.kill()
        deployment.api.start_and_wait()
        traffic.wait_for_successes(SUCCESSES_AFTER)
    # then
    findings = settle_and_check(deployment, traffic)
    print(f"\napi killed: {findings}")


def test_the_projector_killed_under_load_applies_nothing_twice(deployment: Deployment) -> None:
    # given the deployment under load
    customers = deployment.seed(CUSTOMERS)
    with Traffic(deployment.api.url, customers) as traffic:
        traffic.wait_for_successes(SUCCESSES_BEFORE)
        # when the projector (read models, reactions, outbox relay) is killed mid-batch, payments
        # pile up unsettled while it is away, and it is started again
        deployment.projector.kill()
        traffic.wait_for_successes(SUCCESSES_AFTER)
        deployment.projector.start()
    # then (its relay had enqueued messages it had not recorded as delivered: they go again, and
    # the actors do nothing twice)
    findings = settle_and_check(deployment, traffic)
    print(f"\nprojector killed: {findings}")
    # and `kraken rebuild` replays a read model to the rows the restarted projector left
    deployment.projector.stop()
    before = table_rows(deployment, ("payments",))
    rebuilt = subprocess.run(
        [str(KRAKEN), "rebuild", "payments"], cwd=REPOSITORY, env=deployment.env, capture_output=True, timeout=120
    )
    assert rebuilt.returncode == 0, rebuilt.stdout.decode() + rebuilt.stderr.decode()
    assert b"payments: rebuilt from" in rebuilt.stdout
    assert table_rows(deployment, ("payments",)) == before


def test_a_worker_killed_under_load_charges_no_payment_twice(deployment: Deployment) -> None:
    # given the deployment under load
    customers = deployment.seed(CUSTOMERS)
    with Traffic(deployment.api.url, customers) as traffic:
        traffic.wait_for_successes(SUCCESSES_BEFORE)
        wait_until(deployment.messages_held_by_workers, 30, "the worker to hold messages")
        # when the worker is killed with messages it had fetched and not acknowledged, and started again
        deployment.worker.kill()
        killed_at = time.monotonic()
        deployment.worker.start()
        traffic.wait_for_successes(SUCCESSES_AFTER)
    deployment.worker.wait_ready()
    # and the broker gives the dead worker's messages back to their queues
    held = deployment.recover_dead_workers(killed_at)
    # then
    assert held, "the worker held no message when it was killed"
    findings = settle_and_check(deployment, traffic)
    print(f"\nworker killed holding {held} messages: {findings}")
