"""/healthz answers while the process lives; /readyz only while its stores, its broker and its read
models are fit to serve, naming each check and never a secret."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from litestar.testing import TestClient

from api import health
from ops import runtime
from ops.runtime import create_app
from projections import lag
from settings import Settings
from tests.conftest import msgspec_replace
from tests.helpers import GraphQL, error_codes

CHECKS = {
    "identity_events",
    "accounts_events",
    "payments_events",
    "goods_events",
    "loyalty_events",
    "supply_events",
    "read_store",
    "read_models",
}


def client_for(settings: Settings, contexts: runtime.Contexts) -> TestClient:
    return TestClient(create_app(settings, contexts, follow=False))


def test_healthz_answers_ok(client: TestClient) -> None:
    # when
    response = client.get("/healthz")
    # then
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_a_working_app_is_ready(backend: str, client: TestClient, catch_up: Callable[[], int]) -> None:
    # given every read model caught up
    catch_up()
    # when
    response = client.get("/readyz")
    # then every check passed
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "ready", "checks": dict.fromkeys(CHECKS, "ok")}


def test_a_read_model_lagging_beyond_the_setting_makes_it_unready(
    settings: Settings, contexts: runtime.Contexts, catch_up: Callable[[], int]
) -> None:
    # given a read model allowed to lag two events, and three accounts opened that no follower applied
    with client_for(msgspec_replace(settings, ready_max_lag=2), contexts) as client:
        for name in ("Ada", "Grace", "Edsger"):
            contexts.accounts.open_account(name)
        # when
        behind = client.get("/readyz")
        # then
        assert behind.status_code == 503
        checks = behind.json()["checks"]
        assert checks["read_models"].startswith("more than 2 events behind: ")
        assert "accounts (3)" in checks["read_models"]
        assert checks["accounts_events"] == "ok"
        # and once the followers catch up, it is ready again
        catch_up()
        assert client.get("/readyz").status_code == 200


def test_lag_within_the_setting_is_ready(settings: Settings, contexts: runtime.Contexts) -> None:
    # given three events not yet applied, under the default allowance of 10000
    with client_for(settings, contexts) as client:
        for name in ("Ada", "Grace", "Edsger"):
            contexts.accounts.open_account(name)
        # then
        assert client.get("/readyz").json()["checks"]["read_models"] == "ok"


def test_an_unreachable_broker_is_named_without_its_address_or_password(
    settings: Settings, contexts: runtime.Contexts
) -> None:
    # given a broker URL where nothing listens, with a password in it
    broken = msgspec_replace(settings, broker_url="redis://:hunter2-secret@127.0.0.1:1/0")
    with client_for(broken, contexts) as client:
        # when
        response = client.get("/readyz")
    # then
    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("unreachable (")
    assert "hunter2" not in response.text and "127.0.0.1" not in response.text and "redis" not in response.text


@pytest.mark.postgres
def test_an_unreachable_store_makes_it_unready(settings: Settings, postgres_url: str) -> None:
    # given an app on PostgreSQL whose read store's and payments store's connections are gone
    postgres = msgspec_replace(settings, database_url=postgres_url, database_schema=f"{settings.database_schema}_ready")
    contexts = runtime.build(postgres)
    try:
        with client_for(postgres, contexts) as client:
            assert client.get("/readyz").status_code == 200
            contexts.read.store.close()
            contexts.payments.close()
            # when
            response = client.get("/readyz")
    finally:
        contexts.close()
        import psycopg

        with psycopg.connect(postgres_url, autocommit=True) as db:
            db.execute(f"DROP SCHEMA IF EXISTS {postgres.database_schema} CASCADE")
    # then
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["read_store"].startswith("unreachable (")
    assert checks["payments_events"].startswith("unreachable (")
    assert checks["identity_events"] == "ok"
    assert postgres_url not in response.text


@pytest.fixture
def stuck(contexts: runtime.Contexts, monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The read store stops answering (until the test ends); checks give up after a tenth of a second."""
    release = threading.Event()
    monkeypatch.setattr(health, "READY_TIMEOUT_SECONDS", 0.1)
    monkeypatch.setattr(contexts.read.store, "rows", lambda *_: release.wait(5))
    yield release
    release.set()


def test_a_check_that_hangs_times_out(client: TestClient, stuck: threading.Event) -> None:
    # when
    response = client.get("/readyz")
    # then the answer comes at the timeout, naming what did not finish
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["identity_events"] == "ok"
    assert checks["read_store"] == "timed out"
    assert checks["read_models"] == "timed out"


def test_the_probes_answer_when_the_allowance_is_spent(
    settings: Settings, contexts: runtime.Contexts, catch_up: Callable[[], int]
) -> None:
    # given a client address whose allowance of 3 points is spent
    catch_up()
    with client_for(msgspec_replace(settings, rate_limit_points=3), contexts) as client:
        gql = GraphQL(client)
        answers = [error_codes(gql("{ a: __typename b: __typename }")) for _ in range(3)]
        assert answers[-1] == ["KT-CT-1199"]
        # then the probes and the metrics still answer, in JSON or text, never GraphiQL
        for path in ("/healthz", "/readyz"):
            response = client.get(path, headers={"Accept": "text/html"})
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("application/json")
        assert client.get("/metrics", headers={"Accept": "text/html"}).headers["content-type"].startswith("text/plain")


def test_a_scrape_that_hangs_times_out_without_holding_up_readiness(
    client: TestClient, catch_up: Callable[[], int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a scrape whose measurement of the followers never ends (until the test does)
    catch_up()
    release = threading.Event()
    monkeypatch.setattr(health, "METRICS_TIMEOUT_SECONDS", 0.1)
    monkeypatch.setattr(lag, "measure", lambda followers: release.wait(5))
    try:
        # then the scrape gives up, and the readiness probe still answers
        assert client.get("/metrics").status_code == 503
        assert client.get("/readyz").status_code == 200
    finally:
        release.set()
