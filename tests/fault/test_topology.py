"""`kraken up` under load: kill -9 of one process of each kind in turn (an API process, a worker, the
projector, the scheduler), each restarted by the supervisor while the other API process keeps
answering; afterwards nothing answered is lost, nothing is applied twice, every ledger equals its
entries and the read models equal a rebuild; and stopping the supervisor leaves no process behind."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ops.bench.processes import process_tree
from ops.local_server import answers, inherited_environment
from ops.topology.supervisor import read_state
from tests.fault.deployment import Deployment, Traffic
from tests.fault.invariants import settle_and_check
from tests.fault.services import START_SECONDS, Kraken, PostgresCluster, RedisServer, Worker, wait_until

pytestmark = pytest.mark.postgres

CUSTOMERS = 4
API_PROCESSES = 2
WORKERS = 2
SUCCESSES_BEFORE = 20  # collections answered before the first kill: the faults strike under load
SUCCESSES_BETWEEN = 10  # and after each restart, so that the topology is shown taking load again
KILLED = ("api", "worker", "projector", "scheduler")


class Children:
    """The children of one kind, as the supervisor's state file names them."""

    def __init__(self, topology: SupervisedDeployment, kind: str, url: str = "") -> None:
        self.topology, self.kind, self.url = topology, kind, url

    def wait_ready(self) -> None:
        topology = self.topology
        wait_until(lambda: topology.pids(self.kind) or not topology.up.alive, START_SECONDS, f"the {self.kind}s")
        assert topology.up.alive, topology.up.output()
        if self.kind == "api":
            wait_until(lambda: answers(self.url), START_SECONDS, "the API to answer")
        elif self.kind == "worker":
            count = len(topology.pids(self.kind))
            wait_until(lambda: topology.up.output().count("is ready for action") >= count, START_SECONDS, "the workers")


class SupervisedDeployment(Deployment):
    """The fault suite's deployment, its processes started by one `kraken up` instead of one by one."""

    def __init__(self, postgres: PostgresCluster, redis: RedisServer, root: Path, environment: dict[str, str]) -> None:
        super().__init__(postgres, redis, root, environment)
        self.state_file = root / "topology.json"
        args = ["up", "--api", str(API_PROCESSES), "--workers", str(WORKERS), "--worker-threads", "4"]
        self.up = Kraken("up", [*args, "--state-file", str(self.state_file)], self.env, root / "logs")
        self.api = Children(self, "api", self.api.url)  # type: ignore[assignment]
        self.worker = Children(self, "worker")  # type: ignore[assignment]

    @property
    def processes(self) -> tuple[Kraken, ...]:
        return (self.up,)

    def state(self) -> dict[str, Any]:
        return read_state(self.state_file) or {"children": []}

    def pids(self, kind: str) -> list[int]:
        """The pids of every child of `kind`, once each is running."""
        found = [child["pid"] for child in self.state()["children"] if child["kind"] == kind]
        return found if found and all(found) else []

    def child(self, kind: str, index: int = 1) -> dict[str, Any]:
        return next(c for c in self.state()["children"] if (c["kind"], c["index"]) == (kind, index))

    def kill(self, kind: str) -> float:
        """kill -9 of the first child of `kind` (its main process only, as the OOM killer would), then
        waits for the supervisor to start another in its place; returns when the killed one was gone
        whole (time.monotonic()). What it forked outlives it until the supervisor kills its process
        group, before the restart: a Dramatiq worker process beats its heartbeat until then."""
        before = self.child(kind)
        os.kill(before["pid"], signal.SIGKILL)

        def restarted() -> bool:
            now = self.child(kind)
            return bool(now["pid"]) and now["pid"] != before["pid"] and now["restarts"] == before["restarts"] + 1

        wait_until(restarted, 30, f"the supervisor to start the {kind} again")
        return time.monotonic()


@pytest.fixture
def topology(postgres: PostgresCluster, redis: RedisServer, tmp_path: Path) -> Iterator[SupervisedDeployment]:
    if not postgres.server.alive:
        postgres.start()
    # The sandbox provider takes a second to settle a charge: the worker holds messages when it dies.
    running = SupervisedDeployment(postgres, redis, tmp_path, {"KRAKEN_PAYMENT_SANDBOX_SETTLE_SECONDS": "1"})
    try:
        running.start()
        yield running
    finally:
        running.close()


def test_every_kind_killed_under_kraken_up_is_restarted_and_nothing_is_lost(topology: SupervisedDeployment) -> None:
    # given the topology under load
    customers = topology.seed(CUSTOMERS)
    assert len(topology.pids("api")) == API_PROCESSES and len(topology.pids("worker")) == WORKERS
    with Traffic(topology.api.url, customers) as traffic:
        traffic.wait_for_successes(SUCCESSES_BEFORE)
        # when one process of each kind is killed in turn, each restarted by the supervisor
        killed_at: dict[str, float] = {}
        for kind in KILLED:
            killed_at[kind] = topology.kill(kind)
            if kind == "worker":
                topology.worker.wait_ready()
            traffic.wait_for_successes(SUCCESSES_BETWEEN)
    # and the broker gives the killed worker's unacknowledged messages back to their queues
    topology.recover_dead_workers(killed_at["worker"])
    # then each was restarted once, and the others never
    restarts = {(c["kind"], c["index"]): c["restarts"] for c in topology.state()["children"]}
    assert restarts == {
        ("api", 1): 1, ("api", 2): 0, ("worker", 1): 1, ("worker", 2): 0, ("projector", 1): 1, ("scheduler", 1): 1,
    }  # fmt: skip
    # and what the clients were told holds against every store
    findings = settle_and_check(topology, traffic)
    print(f"\nkraken up, one of each kind killed: {findings}")
    # and stopping the supervisor stops every process it started, and what they forked
    everything = [pid for child in topology.state()["children"] for pid in process_tree(child["pid"])]
    assert len(everything) > len(restarts), "each worker forks its Dramatiq worker process"
    topology.up.stop()
    assert topology.up.popen is not None and topology.up.popen.returncode == 0, topology.up.output()[-3000:]
    wait_until(lambda: not any(Path(f"/proc/{pid}").exists() for pid in everything), 10, "every child to exit")
    assert not topology.state_file.exists()
    assert "killing what did not stop in time" not in topology.up.output()


def test_a_dramatiq_worker_process_stops_when_its_kraken_worker_is_killed_outright(
    redis: RedisServer, tmp_path: Path
) -> None:
    # given `kraken worker` (Dramatiq's main process and the worker process it forks) on a private Redis
    env = inherited_environment() | {
        "KRAKEN_BROKER_URL": redis.url, "KRAKEN_DATA_DIR": str(tmp_path / "var"), "PYTHONUNBUFFERED": "1",
    }  # fmt: skip
    (tmp_path / "logs").mkdir()
    worker = Worker(env, tmp_path / "logs", processes=1, threads=1)
    worker.start()
    try:
        worker.wait_ready()
        forked = [pid for pid in process_tree(worker.pid) if pid != worker.pid]
        assert forked, "Dramatiq forks its worker process"
        # when its main process is killed with SIGKILL (no chance to stop what it forked)
        os.kill(worker.pid, signal.SIGKILL)
        # then the worker process stops too, rather than take messages unsupervised
        wait_until(lambda: not any(_running(pid) for pid in forked), 30, "the forked worker process to stop")
    finally:
        worker.stop()


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"
