"""Fixtures shared by every test: settings per backend, the context applications, an HTTP client.

Tests that take `backend` run twice: on a SQLite file and on PostgreSQL (each test in its own
schema). Without a reachable PostgreSQL the PostgreSQL runs are skipped, unless
KRAKEN_REQUIRE_SERVICES=1 (CI), which makes them fail instead.
"""

from __future__ import annotations

import base64
import logging
import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from argon2 import PasswordHasher, profiles
from litestar.testing import TestClient

from domain.identity import commands, secrets
from domain.shared.clock import FrozenClock
from ops import following, runtime
from ops.runtime import create_app
from ops.seed import DEMO_CONSENT_TYPES
from settings import Settings
from tests.helpers import GraphQL
from workers import runtime as workers_runtime

# The actors of the test process build what they use as every process does (ops/runtime.py).
runtime.start_actors()

# A password costs ~0.1 s to hash and as much to verify at the parameters a deployment uses, and the
# tests hash and verify thousands: in this process they use argon2's cheapest profile. A hash carries
# its parameters, so a server the tests start verifies them all the same; tests/domain/identity/
# test_secrets.py checks the parameters a deployment hashes with.
secrets._hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
secrets._DUMMY_HASH = secrets.hash_password(os.urandom(16).hex())

POSTGRES_URL = os.environ.get("KRAKEN_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REQUIRE_SERVICES = os.environ.get("KRAKEN_REQUIRE_SERVICES") == "1"
PASSWORD = "correct horse battery staple"


def _postgres_available() -> bool:
    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=2):
            return True
    except psycopg.OperationalError:
        return False


@pytest.fixture(autouse=True)
def _logging_as_it_was() -> Iterator[None]:
    """A command run in-process (`kraken up`, `project`...) configures the process's logging as a
    real process's start-up does; the next test gets the logging the test run began with."""
    loggers = [
        logging.getLogger(),
        *(logging.getLogger(name) for name in ("uvicorn", "uvicorn.access", "uvicorn.error")),
    ]
    kept = [(logger, logger.level, list(logger.handlers), logger.propagate) for logger in loggers]
    yield
    for logger, level, handlers, propagate in kept:
        logger.setLevel(level)
        logger.handlers[:] = handlers
        logger.propagate = propagate


@pytest.fixture(scope="session")
def postgres_url() -> str:
    if not _postgres_available():
        if REQUIRE_SERVICES:
            pytest.fail(f"PostgreSQL is required (KRAKEN_REQUIRE_SERVICES=1) but {POSTGRES_URL} is unreachable")
        pytest.skip("PostgreSQL is not reachable")
    return POSTGRES_URL


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """SQLite unless the test asks for `backend`; small pools so that many tests fit in one server."""
    base = Settings(
        data_dir=str(tmp_path / "var"),
        secret_key="test-secret-" + uuid.uuid4().hex,
        identity_cipher_key=base64.b64encode(os.urandom(32)).decode(),
        pool_size=1,
    )
    kind = request.getfixturevalue("backend") if "backend" in request.fixturenames else "sqlite"
    if kind == "sqlite":
        yield base
        return
    url = request.getfixturevalue("postgres_url")
    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(url, autocommit=True) as db:
        db.execute(f"CREATE SCHEMA {schema}")
    yield msgspec_replace(base, database_url=url, database_schema=schema, pool_max_overflow=4)
    with psycopg.connect(url, autocommit=True) as db:
        db.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def msgspec_replace(settings: Settings, **changes: object) -> Settings:
    import msgspec

    return msgspec.structs.replace(settings, **changes)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 1, 15, 9, 30, tzinfo=UTC))


@pytest.fixture
def contexts(settings: Settings, clock: FrozenClock) -> Iterator[runtime.Contexts]:
    built = runtime.build(settings, clock)
    yield built
    built.close()


@pytest.fixture
def customer(contexts: runtime.Contexts) -> dict[str, str]:
    """An account and its user with a password and an API key."""
    account = contexts.accounts.open_account("Ada Lovelace")
    user_id = contexts.identity.register_user(
        commands.RegisterUser(
            email="ada@example.com",
            password=PASSWORD,
            given_name="Ada",
            family_name="Lovelace",
            account_numbers=(account.number,),
        )
    )
    api_key = contexts.identity.issue_secret_key(user_id)
    return {
        "email": "ada@example.com",
        "password": PASSWORD,
        "api_key": api_key,
        "user_id": str(user_id),
        "account_number": account.number,
    }


@pytest.fixture
def client(settings: Settings, contexts: runtime.Contexts) -> Iterator[TestClient]:
    # Followers are driven by `catch_up` in tests, so that every assertion sees a settled state.
    with TestClient(create_app(settings, contexts, follow=False)) as test_client:
        yield test_client


@pytest.fixture
def catch_up(settings: Settings, contexts: runtime.Contexts) -> Iterator[Callable[[], int]]:
    """Brings every read model, reaction and outbox actor up to date (actors run inline)."""
    workers_runtime.use(settings=settings, contexts=contexts)
    runner = following.runner(msgspec_replace(settings, broker_url=""), contexts)
    yield runner.catch_up
    runner.wakeup.close()
    workers_runtime.reset()


@pytest.fixture
def gql(client: TestClient) -> GraphQL:
    return GraphQL(client)


@pytest.fixture
def auth_gql(client: TestClient) -> GraphQL:
    return GraphQL(client, "/graphql/")


# Consents ----------------------------------------------------------------------------------------


@pytest.fixture
def consent_types(contexts: runtime.Contexts) -> list[str]:
    """The demo's consent types, defined; their codes."""
    for consent_type in DEMO_CONSENT_TYPES:
        contexts.accounts.define_consent_type(consent_type)
    return [consent_type.code for consent_type in DEMO_CONSENT_TYPES]
