"""A successful answer is `{"data": ...}` alone: clients test for the `errors` key, so it is never there empty."""

from __future__ import annotations

from collections.abc import Callable

from litestar.testing import TestClient

from tests.api.identity.mfa import CREATE, login
from tests.helpers import GraphQL


def test_a_successful_query_has_no_errors_key_on_either_server(client: TestClient) -> None:
    for path in ("/v1/graphql/", "/graphql/"):
        response = client.post(path, json={"query": "{ __typename }"})
        assert response.status_code == 200
        assert response.json() == {"data": {"__typename": "Query"}}


def test_a_successful_mutation_has_no_errors_key_on_either_server(
    backend: str, gql: GraphQL, auth_gql: GraphQL, customer: dict[str, str]
) -> None:
    # the API's login, then the auth server's createMfaDevice
    token = login(gql, customer)
    logged_in = gql(
        "mutation($i: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $i) { token } }",
        {"i": {"email": customer["email"], "password": customer["password"]}},
    )
    assert list(logged_in) == ["data"] and logged_in["data"]["obtainKrakenToken"]["token"]
    created = auth_gql(CREATE, {"input": {"mfaMethod": "TOTP"}}, token=token)
    assert list(created) == ["data"] and created["data"]["createMfaDevice"]["totpSecret"]


def test_a_successful_read_has_no_errors_key(
    gql: GraphQL, customer: dict[str, str], catch_up: Callable[[], int]
) -> None:
    catch_up()
    token = login(gql, customer)
    body = gql("{ viewer { email } rateLimitInfo { pointsAllowanceRateLimit { usedPoints } } }", token=token)
    assert list(body) == ["data"] and body["data"]["viewer"] == {"email": customer["email"]}
