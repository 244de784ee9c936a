"""A few thousand generated requests, in-process and derandomised: every answer must be sound.

Sound: JSON, never HTTP 5xx, no exception text, and every error a Kraken code or a GraphQL parse
or validation error (see ops/fuzz.py). `kraken fuzz --requests N` runs the same against a server.
"""

from __future__ import annotations

from collections.abc import Iterator

import msgspec
import pytest
from litestar.testing import TestClient

from api.schema import api_schema, auth_schema
from ops import fuzz, runtime
from ops.runtime import create_app
from settings import Settings

REQUESTS = 3000


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # The fuzzer fails logins by the hundred from one client; the viewer must still be able to log in.
    # Its thousands of requests from one viewer would spend any real points allowance: none applies.
    return msgspec.structs.replace(
        settings, client_login_attempts=1_000_000, rate_limit_points=0, rate_limit_organisation_points=0
    )


@pytest.fixture
def raw_client(settings: Settings, contexts: runtime.Contexts) -> Iterator[TestClient]:
    # A 500 must reach the test as an answer, not as an exception raised into it.
    with TestClient(create_app(settings, contexts, follow=False), raise_server_exceptions=False) as client:
        yield client


def test_generated_requests_are_all_answered_soundly(
    settings: Settings, raw_client: TestClient, customer: dict[str, str]
) -> None:
    # given the viewer's token, renewed whenever a generated mutation has revoked it
    def login() -> str:
        answer = raw_client.post(
            "/v1/graphql/",
            json={
                "query": "mutation($i: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $i) { token } }",
                "variables": {"i": {"email": customer["email"], "password": customer["password"]}},
            },
        )
        token: str = answer.json()["data"]["obtainKrakenToken"]["token"]
        return token

    def post(path: str, body: bytes, headers: dict[str, str]) -> tuple[int, str, str]:
        response = raw_client.post(path, content=body, headers=headers)
        return response.status_code, response.headers.get("content-type", ""), response.text

    # when
    tally = fuzz.run(
        fuzz.sender(post, login),
        api_schema(settings)._schema,
        auth_schema(settings)._schema,
        REQUESTS,
        derandomize=True,
    )

    # then
    assert tally.requests == REQUESTS
    assert tally.faults == 0, tally.render()
