"""Fixtures of the fault suite: a throwaway PostgreSQL cluster for the session, a private Redis and a
whole deployment per test, all stopped and removed however the test ends."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest

from tests.fault.deployment import Deployment
from tests.fault.services import PostgresCluster, RedisServer

TEST_DEADLINE_SECONDS = 240  # a fault test takes 10-60 s; past this it is hung, wherever it waits


class DeadlinePassed(Exception):
    pass


@pytest.fixture(autouse=True)
def deadline() -> Iterator[None]:
    """Ends a hung test with an exception in whatever it waits for, so that its fixtures still stop
    every process (SIGALRM interrupts sleeps, joins and socket waits alike)."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise DeadlinePassed(f"the test ran past its {TEST_DEADLINE_SECONDS} s deadline")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(TEST_DEADLINE_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    cluster = PostgresCluster.create()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path / "redis")
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def deployment_environment() -> dict[str, str]:
    """Variables the deployment's processes get besides their own (a module overrides this fixture)."""
    return {}


@pytest.fixture
def deployment(
    postgres: PostgresCluster, redis: RedisServer, tmp_path: Path, deployment_environment: dict[str, str]
) -> Iterator[Deployment]:
    # A test that stopped the cluster and failed before starting it again leaves it down.
    if not postgres.server.alive:
        postgres.start()
    running = Deployment(postgres, redis, tmp_path, deployment_environment)
    try:
        running.start()
        yield running
    finally:
        running.close()
