"""The points allowance over HTTP: KT-CT-1199 once spent, until it refills; `rateLimitInfo` and `rateLimit`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from litestar.testing import TestClient
from litestar.types import ASGIApp, Receive, Scope, Send

from api.rate_limits.allowance import PointsAllowance
from domain.shared.clock import FrozenClock
from ops import runtime
from ops.runtime import create_app
from settings import Settings
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.loyalty.conftest import token_for
from tests.conftest import msgspec_replace
from tests.helpers import GraphQL, error_codes

POINTS = 40
ORGANISATION_POINTS = 80
WINDOW = 600

VIEWER = "{ viewer { id } }"  # 2 points
INFO = "{ rateLimitInfo { pointsAllowanceRateLimit { isBlocked limit remainingPoints ttl usedPoints } } }"  # 7
OLD_INFO = "{ rateLimit { limit remainingPoints usedPoints } }"  # 4
FORCE = "mutation { forceReauthentication(input: {includeThirdParties: false}) { tokensInvalidated } }"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return msgspec_replace(
        settings,
        rate_limit_points=POINTS,
        rate_limit_organisation_points=ORGANISATION_POINTS,
        rate_limit_window_seconds=WINDOW,
    )


@pytest.fixture
def token(contexts: runtime.Contexts, customer: dict[str, str]) -> str:
    return token_for(contexts, customer["email"])


def spend(gql: GraphQL, token: str | None, query: str = VIEWER) -> int:
    """Sends `query` until the allowance is spent; how many were answered."""
    for answered in range(1000):
        if error_codes(gql(query, token=token)) == ["KT-CT-1199"]:
            return answered
    raise AssertionError("never refused")


def standing(gql: GraphQL, token: str | None) -> dict[str, Any]:
    body = gql(INFO, token=token)
    assert "errors" not in body, body
    found: dict[str, Any] = body["data"]["rateLimitInfo"]["pointsAllowanceRateLimit"]
    return found


def test_a_viewer_that_spent_its_allowance_is_refused_with_kt_ct_1199_and_nothing_runs(
    backend: str, gql: GraphQL, token: str
) -> None:
    # given Ada's 40 points spent 2 at a time
    assert spend(gql, token) == POINTS // 2
    # when she asks again
    body = gql(VIEWER, token=token)
    # then she is refused before anything ran, with Kraken's code on the wire
    assert body["data"] is None
    assert body["errors"] == [
        {
            "message": "Too many requests.",
            "extensions": {
                "errorType": "SERVICE_AVAILABILITY",
                "errorCode": "KT-CT-1199",
                "errorDescription": f"The allowance of {POINTS} points is spent; a new allowance starts in "
                f"{WINDOW} seconds.",
            },
        }
    ]


def test_a_mutation_refused_by_the_limit_records_no_event(
    backend: str, gql: GraphQL, token: str, contexts: runtime.Contexts
) -> None:
    # given Ada's allowance spent
    spend(gql, token)
    before = contexts.identity.recorder.max_notification_id()
    # when she would invalidate her tokens
    body = gql(FORCE, token=token)
    # then nothing was decided
    assert body["data"] is None and error_codes(body) == ["KT-CT-1199"]
    assert contexts.identity.recorder.max_notification_id() == before
    # while, with points left, the same mutation records its event
    other = organisation_token(gql, organisation(contexts)[1])
    assert error_codes(gql(FORCE, token=other)) != ["KT-CT-1199"]


def test_the_allowance_refills_when_its_window_ends(backend: str, gql: GraphQL, token: str, clock: FrozenClock) -> None:
    # given Ada's allowance, spent in a window that began with her first request
    started = clock.now().timestamp()
    spend(gql, token)
    clock.advance(timedelta(seconds=WINDOW - 1))
    assert error_codes(gql(VIEWER, token=token)) == ["KT-CT-1199"]
    # when the window ends
    clock.advance(timedelta(seconds=1))
    # then she has a whole allowance again, in a window that begins now
    assert "errors" not in gql(VIEWER, token=token)
    assert standing(gql, token) == {
        "isBlocked": False,
        "limit": POINTS,
        "usedPoints": 2 + 7,
        "remainingPoints": POINTS - 9,
        "ttl": int(started + 2 * WINDOW),
    }


def test_rate_limit_info_tells_where_the_viewer_stands_with_this_request_counted(
    backend: str, gql: GraphQL, token: str, clock: FrozenClock
) -> None:
    # given two requests of 2 points
    started = clock.now().timestamp()
    gql(VIEWER, token=token)
    gql(VIEWER, token=token)
    # when Ada asks (7 points), then asks the older way (4 points)
    info = standing(gql, token)
    old = gql(OLD_INFO, token=token)["data"]["rateLimit"]
    # then
    assert info == {
        "isBlocked": False,
        "limit": POINTS,
        "usedPoints": 11,
        "remainingPoints": 29,
        "ttl": int(started + WINDOW),
    }
    assert old == {"limit": POINTS, "usedPoints": 15, "remainingPoints": 25}


def test_a_viewer_whose_allowance_is_spent_may_still_ask_where_it_stands(
    backend: str, gql: GraphQL, token: str, clock: FrozenClock
) -> None:
    started = clock.now().timestamp()
    spend(gql, token)
    assert standing(gql, token) == {
        "isBlocked": True,
        "limit": POINTS,
        "usedPoints": POINTS,
        "remainingPoints": 0,
        "ttl": int(started + WINDOW),
    }
    # asking cost nothing, and asks for nothing else
    assert gql(OLD_INFO, token=token)["data"]["rateLimit"]["usedPoints"] == POINTS
    assert error_codes(gql(INFO.replace("{ rateLimitInfo", "{ viewer { id } rateLimitInfo"), token=token)) == [
        "KT-CT-1199"
    ]


def test_an_organisation_has_an_allowance_of_its_own_size(
    backend: str, gql: GraphQL, contexts: runtime.Contexts
) -> None:
    token = organisation_token(gql, organisation(contexts)[1])
    info = standing(gql, token)
    assert info["limit"] == ORGANISATION_POINTS and info["usedPoints"] == 7
    assert spend(gql, token, "{ __typename }") == ORGANISATION_POINTS - 7


def client_at(app: ASGIApp, address: str) -> ASGIApp:
    """The app as a client at `address` reaches it (behind a trusted proxy, uvicorn sets it so)."""

    async def from_address(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope = {**scope, "client": (address, 50000)}
        await app(scope, receive, send)

    return from_address


@pytest.fixture
def clients(settings: Settings, contexts: runtime.Contexts) -> Iterator[tuple[GraphQL, GraphQL]]:
    """Two client addresses reaching one API process."""
    app = create_app(settings, contexts, follow=False)
    with TestClient(app) as started:
        yield (
            GraphQL(TestClient(client_at(app, "192.0.2.7"))),
            GraphQL(TestClient(client_at(app, "192.0.2.8"))),
        )
        assert started


def test_requests_without_a_viewer_are_counted_per_client_address(clients: tuple[GraphQL, GraphQL], token: str) -> None:
    first, second = clients
    # given the first address's allowance spent, a point at a time
    assert spend(first, None, "{ __typename }") == POINTS
    # then the other address still has its own
    assert second("{ __typename }") == {"data": {"__typename": "Query"}}
    assert standing(second, None)["usedPoints"] == 1 + 7
    # and a viewer pays with its own allowance, whatever its address
    assert "errors" not in first(VIEWER, token=token)


def test_both_servers_charge_the_same_allowance(client: TestClient) -> None:
    api, auth = GraphQL(client), GraphQL(client, "/graphql/")
    assert spend(auth, None, "{ __typename }") == POINTS
    assert error_codes(api("{ __typename }")) == ["KT-CT-1199"]


def test_two_api_processes_see_each_others_usage_after_a_flush(
    backend: str, settings: Settings, contexts: runtime.Contexts, token: str
) -> None:
    # given two API processes on one database
    with (
        TestClient(create_app(settings, contexts, follow=False)) as one,
        TestClient(create_app(settings, contexts, follow=False)) as other,
    ):
        first, second = GraphQL(one), GraphQL(other)
        first_allowance: PointsAllowance = one.app.state.allowance
        second_allowance: PointsAllowance = other.app.state.allowance
        # when Ada spends 30 points through the first, which shares them at its flush
        for _ in range(15):
            first(VIEWER, token=token)
        first_allowance.flush()
        # then the second counts them (and shares its own 7 points as it answers)
        assert standing(second, token)["usedPoints"] == 30 + 7
        # and the first counts those once it flushes again: 30 + 7 + 2
        first(VIEWER, token=token)
        first_allowance.flush()
        assert spend(first, token) == 1
        # while the second, which has not heard of the first's last points, takes one more request (the
        # overshoot a flush bounds), and refuses her once it has flushed
        assert "errors" not in second(VIEWER, token=token)
        second_allowance.flush()
        assert error_codes(second(VIEWER, token=token)) == ["KT-CT-1199"]


def test_no_allowance_applies_at_zero_points(settings: Settings, contexts: runtime.Contexts, token: str) -> None:
    unlimited = msgspec_replace(settings, rate_limit_points=0, rate_limit_organisation_points=0)
    with TestClient(create_app(unlimited, contexts, follow=False)) as client:
        gql = GraphQL(client)
        assert all("errors" not in gql(VIEWER, token=token) for _ in range(POINTS))
        assert gql(INFO, token=token) == {"data": {"rateLimitInfo": {"pointsAllowanceRateLimit": None}}}
        assert gql(OLD_INFO, token=token) == {"data": {"rateLimit": None}}
