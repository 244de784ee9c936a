"""/metrics: what the API's requests left behind, labelled by operation and code, the followers' lag
measured at scrape time, and several processes' samples added up in multiprocess mode."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from litestar.testing import TestClient
from prometheus_client.parser import text_string_to_metric_families

from ops import runtime
from ops.runtime import create_app
from settings import Settings
from tests.conftest import PASSWORD, msgspec_replace
from tests.helpers import GraphQL, error_codes

LOGIN = "mutation($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token } }"
VIEWER = "query Mine { viewer { id } }"
TOKEN = "obtainKrakenToken"
REQUESTS, REFUSALS = "kraken_requests_total", "kraken_rate_limit_refusals_total"

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scrape(client: TestClient) -> Samples:
    response = client.get("/metrics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def grew(before: Samples, after: Samples, name: str, **labels: str) -> float:
    return value(after, name, **labels) - value(before, name, **labels)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # Few points, so that a test can spend them (a request below costs 1 to 3), but enough for the throttle's logins.
    return msgspec_replace(settings, rate_limit_points=60, login_attempts=3)


def test_requests_errors_mutations_and_refusals_are_counted(
    client: TestClient, gql: GraphQL, customer: dict[str, str], catch_up: Callable[[], int]
) -> None:
    # given
    catch_up()
    before = scrape(client)
    # when a login fails, one succeeds, a query is refused for want of a token, one is unknown to the schema
    failed = gql(LOGIN, {"input": {"email": customer["email"], "password": "not it"}})
    token = gql(LOGIN, {"input": {"email": customer["email"], "password": PASSWORD}})["data"]["obtainKrakenToken"]
    assert token["token"]
    anonymous = gql(VIEWER)
    unknown = gql("{ noSuchField }")
    # and the client's allowance is then spent
    for _ in range(40):
        if error_codes(gql("{ a: __typename b: __typename }")) == ["KT-CT-1199"]:
            break
    else:
        raise AssertionError("never refused")
    after = scrape(client)
    # then each is counted under its operation and outcome
    failure = error_codes(failed)[0]
    assert grew(before, after, REQUESTS, server="api", operation=TOKEN, outcome="error") == 1
    assert grew(before, after, REQUESTS, server="api", operation=TOKEN, outcome="ok") == 1
    assert grew(before, after, "kraken_mutations_total", mutation="obtainKrakenToken", code=failure) == 1
    assert grew(before, after, "kraken_mutations_total", mutation="obtainKrakenToken", code="ok") == 1
    assert grew(before, after, "kraken_errors_total", server="api", operation="obtainKrakenToken", code=failure) == 1
    # the query's refusal under the field it selects, not the client's name for its operation
    refused = error_codes(anonymous)[0]
    assert grew(before, after, "kraken_errors_total", server="api", operation="viewer", code=refused) == 1
    assert not any(dict(labels).get("operation") == "Mine" for _, labels in after)
    # a document selecting no field the schema knows as "other", with GraphQL's own code
    assert error_codes(unknown) == [None]
    assert grew(before, after, "kraken_errors_total", server="api", operation="other", code="VALIDATION") == 1
    # the spent allowance
    assert grew(before, after, "kraken_errors_total", server="api", operation="introspection", code="KT-CT-1199") == 1
    assert grew(before, after, REFUSALS, kind="points_allowance", operation="introspection") == 1
    # and every request's duration
    assert grew(before, after, "kraken_request_duration_seconds_count", server="api", operation=TOKEN) == 2


def test_the_login_throttle_is_told_apart(
    settings: Settings, client: TestClient, gql: GraphQL, customer: dict[str, str], catch_up: Callable[[], int]
) -> None:
    # given an email that failed to log in as often as the throttle allows
    catch_up()
    for _ in range(settings.login_attempts):
        gql(LOGIN, {"input": {"email": customer["email"], "password": "wrong"}})
    before = scrape(client)
    # when it fails once more
    answer = gql(LOGIN, {"input": {"email": customer["email"], "password": "wrong"}})
    after = scrape(client)
    # then the refusal is the login throttle's
    assert error_codes(answer) == ["KT-CT-1199"]
    assert grew(before, after, REFUSALS, kind="login_throttle", operation="obtainKrakenToken") == 1
    assert grew(before, after, "kraken_mutations_total", mutation="obtainKrakenToken", code="KT-CT-1199") == 1
    assert grew(before, after, REFUSALS, kind="points_allowance", operation="obtainKrakenToken") == 0


def test_gate_codes_are_counted(settings: Settings, contexts: runtime.Contexts, catch_up: Callable[[], int]) -> None:
    # given a mutation an operator disabled
    catch_up()
    disabled = msgspec_replace(settings, disabled_mutations="obtainKrakenToken")
    with TestClient(create_app(disabled, contexts, follow=False)) as client:
        before = scrape(client)
        body = GraphQL(client)(LOGIN, {"input": {"email": "a@example.com", "password": "x"}})
        after = scrape(client)
    # then KT-CT-1113 is counted like any other code
    assert error_codes(body) == ["KT-CT-1113"]
    assert grew(before, after, "kraken_mutations_total", mutation="obtainKrakenToken", code="KT-CT-1113") == 1


def test_a_malformed_body_is_counted_as_refused(client: TestClient) -> None:
    # given
    before = scrape(client)
    # when
    response = client.post("/v1/graphql/", content=b"{not json", headers={"Content-Type": "application/json"})
    after = scrape(client)
    # then
    assert response.status_code == 400
    assert grew(before, after, "kraken_requests_total", server="api", operation="other", outcome="refused") == 1
    assert grew(before, after, "kraken_errors_total", server="api", operation="other", code="VALIDATION") == 1


def test_lag_and_outbox_depth_are_measured_at_scrape_time(
    client: TestClient, contexts: runtime.Contexts, catch_up: Callable[[], int]
) -> None:
    # given everything caught up
    catch_up()
    settled = scrape(client)
    assert value(settled, "kraken_projection_lag_events", projection="accounts") == 0
    assert value(settled, "kraken_outbox_depth_events", follower="outbox:draw_referral_code") == 0
    # when two accounts open and nothing follows them yet
    contexts.accounts.open_account("Ada")
    contexts.accounts.open_account("Grace")
    waiting = scrape(client)
    # then the accounts read model lags two events, two wait for the referral code actor
    assert value(waiting, "kraken_projection_lag_events", projection="accounts") == 2
    assert value(waiting, "kraken_outbox_depth_events", follower="outbox:draw_referral_code") == 2
    # and a read model that follows none of those events does not lag
    assert value(waiting, "kraken_projection_lag_events", projection="mfa_devices") == 0
    # once they catch up, nothing lags and the followers' work is counted
    catch_up()
    caught_up = scrape(client)
    assert value(caught_up, "kraken_projection_lag_events", projection="accounts") == 0
    assert value(caught_up, "kraken_outbox_depth_events", follower="outbox:draw_referral_code") == 0
    assert grew(waiting, caught_up, "kraken_followed_events_total", follower="accounts") == 2


WRITE = """
import sys
from projections import metrics
metrics.REQUESTS.labels("api", "viewer", "ok").inc(int(sys.argv[1]))
metrics.MUTATIONS.labels("obtainKrakenToken", "ok").inc()
"""


def test_multiprocess_mode_adds_up_every_process(
    settings: Settings, contexts: runtime.Contexts, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given two processes that wrote their samples into one directory
    directory = tmp_path / "prometheus"
    directory.mkdir()
    environment = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(directory)}
    for count in ("3", "4"):
        subprocess.run([sys.executable, "-c", WRITE, count], env=environment, check=True, timeout=60)
    assert len(list(directory.glob("counter_*.db"))) == 2
    # when an API process in multiprocess mode is scraped
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(directory))
    with TestClient(create_app(settings, contexts, follow=False)) as client:
        samples = scrape(client)
    # then it answers the sum of both
    assert value(samples, "kraken_requests_total", server="api", operation="viewer", outcome="ok") == 7
    assert value(samples, "kraken_mutations_total", mutation="obtainKrakenToken", code="ok") == 2
    # with the measured gauges beside them
    assert ("kraken_projection_lag_events", frozenset({("projection", "accounts")})) in samples
