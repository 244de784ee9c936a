"""Requests that go wrong: masked bugs, GraphQL validation, request limits and malformed HTTP bodies."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import msgspec
import pytest
from litestar.testing import TestClient

from api.app import API_PATH, AUTH_PATH
from ops import runtime
from ops.runtime import create_app
from settings import Settings
from tests.helpers import GraphQL, error_codes

LOGIN = """
mutation Login($input: ObtainJSONWebTokenInput!) {
  obtainKrakenToken(input: $input) { token }
}
"""
FORCE_REAUTHENTICATION = """
mutation Force($input: ForceReauthenticationInput!) {
  forceReauthentication(input: $input) { tokensInvalidated }
}
"""
INTROSPECTION = "{ __schema { types { name fields { name type { name ofType { name ofType { name } } } } } } }"


@pytest.fixture
def gql_with(settings: Settings, contexts: runtime.Contexts) -> Iterator[Callable[..., GraphQL]]:
    """A poster for an app whose settings differ from the fixture's by `changes`."""
    with ExitStack() as stack:

        def make(**changes: Any) -> GraphQL:
            app = create_app(msgspec.structs.replace(settings, **changes), contexts)
            return GraphQL(stack.enter_context(TestClient(app)))

        yield make


def login_variables(customer: dict[str, str]) -> dict[str, Any]:
    return {"input": {"email": customer["email"], "password": customer["password"]}}


# Unexpected exceptions ---------------------------------------------------------------------------


def test_an_unexpected_exception_is_masked_and_logged_under_a_correlation_id(
    client: TestClient,
    contexts: runtime.Contexts,
    customer: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given
    def explode(*_: Any) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(contexts.identity, "obtain_kraken_token", explode)
    caplog.set_level(logging.ERROR, logger="kraken.api")

    # when
    response = client.post(API_PATH, json={"query": LOGIN, "variables": login_variables(customer)})

    # then the client sees only a correlation id
    assert response.status_code == 200
    assert "secret internals" not in response.text
    body = response.json()
    assert body["data"] == {"obtainKrakenToken": None}
    [error] = body["errors"]
    assert error["message"] == "An unexpected error occurred."
    extensions = error["extensions"]
    assert extensions["errorType"] == "APPLICATION"
    correlation_id = extensions["correlationId"]
    assert correlation_id and correlation_id != "unknown"
    assert correlation_id in extensions["errorDescription"]
    # and the operator finds the same id in the log
    logged = [r for r in caplog.records if r.name == "kraken.api" and correlation_id in r.getMessage()]
    assert len(logged) == 1
    assert logged[0].exc_info is not None


# GraphQL validation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("{ noSuchField }", id="unknown field"),
        pytest.param("{ possibleErrors { name } }", id="missing required argument"),
        pytest.param('{ possibleErrors(name: "x") { name noSuchField } }', id="unknown nested field"),
        pytest.param("mutation { obtainKrakenToken { token } }", id="missing required mutation argument"),
    ],
)
def test_a_graphql_validation_error_is_a_validation_error_with_http_200(gql: GraphQL, query: str) -> None:
    body = gql(query)

    assert body["data"] is None
    assert body["errors"]
    assert {error["extensions"]["errorType"] for error in body["errors"]} == {"VALIDATION"}


@pytest.mark.parametrize("possible_errors_header", [False, True], ids=["executed", "with X-Possible-Errors"])
@pytest.mark.parametrize(
    "variables",
    [
        pytest.param({}, id="missing variable"),
        pytest.param({"input": {}}, id="missing required input field"),
        pytest.param({"input": {"includeThirdParties": "yes"}}, id="wrong type"),
    ],
)
def test_invalid_variables_are_validation_errors_not_masked_bugs(
    gql: GraphQL, variables: dict, possible_errors_header: bool
) -> None:
    headers = {"X-Possible-Errors": "true"} if possible_errors_header else {}

    body = gql(FORCE_REAUTHENTICATION, variables, **headers)

    assert body["data"] is None
    assert body["errors"]
    for error in body["errors"]:
        assert error["extensions"]["errorType"] == "VALIDATION"
        assert "correlationId" not in error["extensions"]


# Request limits ----------------------------------------------------------------------------------

THREE_ALIASES = """{
  a: possibleErrors(name: "obtainKrakenToken") { name }
  b: possibleErrors(name: "forceReauthentication") { name }
  c: possibleErrors(name: "createMfaDevice") { name }
}"""
FOUR_FIELDS = '{ possibleErrors(name: "obtainKrakenToken") { name type authErrors } }'
DEPTH_TWO = '{ possibleErrors(name: "obtainKrakenToken") { name } }'

LIMITS = [
    pytest.param({"max_query_depth": 1}, {"max_query_depth": 2}, DEPTH_TWO, "KT-CT-1187", id="depth"),
    pytest.param({"max_aliases": 2}, {"max_aliases": 3}, THREE_ALIASES, "KT-CT-1190", id="aliases"),
    pytest.param({"max_complexity": 3}, {"max_complexity": 4}, FOUR_FIELDS, "KT-CT-1188", id="complexity"),
]


@pytest.mark.parametrize(("over", "at", "query", "code"), LIMITS)
def test_a_query_over_a_limit_is_refused_before_it_runs(
    gql_with: Callable[..., GraphQL], over: dict, at: dict, query: str, code: str
) -> None:
    # when
    body = gql_with(**over)(query)

    # then
    assert body["data"] is None
    assert error_codes(body) == [code]
    assert body["errors"][0]["extensions"]["errorType"] == "VALIDATION"


@pytest.mark.parametrize(("over", "at", "query", "code"), LIMITS)
def test_a_query_exactly_at_a_limit_is_answered(
    gql_with: Callable[..., GraphQL], over: dict, at: dict, query: str, code: str
) -> None:
    body = gql_with(**at)(query)

    assert "errors" not in body, body
    assert body["data"]


TWICE = {
    "aliases": """
        mutation Twice($input: ObtainJSONWebTokenInput!) {
          first: obtainKrakenToken(input: $input) { token }
          second: obtainKrakenToken(input: $input) { token }
        }""",
    "fragment spread": """
        mutation Twice($input: ObtainJSONWebTokenInput!) {
          obtainKrakenToken(input: $input) { token }
          ...Again
        }
        fragment Again on Mutation { obtainKrakenToken(input: $input) { token } }""",
    "inline fragment": """
        mutation Twice($input: ObtainJSONWebTokenInput!) {
          obtainKrakenToken(input: $input) { token }
          ... on Mutation { again: obtainKrakenToken(input: $input) { token } }
        }""",
}


@pytest.mark.parametrize("query", TWICE.values(), ids=TWICE.keys())
def test_a_login_may_be_requested_only_once_per_request(gql: GraphQL, customer: dict[str, str], query: str) -> None:
    # when
    body = gql(query, login_variables(customer))

    # then the request was refused at validation: nothing ran, no token was issued
    assert body["data"] is None
    assert error_codes(body) == ["KT-CT-1191"]


@pytest.mark.parametrize("path", [API_PATH, AUTH_PATH])
def test_introspection_works_with_the_default_limits(client: TestClient, path: str) -> None:
    body = GraphQL(client, path)(INTROSPECTION)

    assert "errors" not in body, body
    names = {kind["name"] for kind in body["data"]["__schema"]["types"]}
    assert {"Query", "Mutation"} <= names


# Malformed HTTP bodies ---------------------------------------------------------------------------

JSON = {"content-type": "application/json"}


@pytest.mark.parametrize("path", [API_PATH, AUTH_PATH])
@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b'[{"query": "{ __typename }"}]', id="batch"),
        pytest.param(b"[]", id="empty batch"),
        pytest.param(b'{"query": ', id="truncated JSON"),
        pytest.param(b"", id="empty body"),
        pytest.param(b"\xff\xfe", id="not UTF-8"),
        pytest.param(b'{"query": 5}', id="query not a string"),
        pytest.param(b'{"query": "{ __typename }", "variables": [1]}', id="variables not an object"),
    ],
)
def test_a_malformed_body_is_a_client_error(client: TestClient, path: str, content: bytes) -> None:
    response = client.post(path, content=content, headers=JSON)

    assert 400 <= response.status_code < 500


@pytest.mark.parametrize("content", [b"42", b'"query"', b"null"], ids=["number", "string", "null"])
def test_a_json_body_that_is_not_an_object_is_a_client_error(client: TestClient, content: bytes) -> None:
    response = client.post(API_PATH, content=content, headers=JSON)

    assert 400 <= response.status_code < 500
