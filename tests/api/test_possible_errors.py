"""Possible errors are discoverable by query, by the deprecated payload field and by the X-Possible-Errors header."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from api.app import API_PATH, AUTH_PATH
from domain.identity import commands
from ops import runtime
from settings import Settings
from tests.helpers import GraphQL

SEED = {
    m["mutation"]: m
    for m in json.loads((Path(__file__).parents[2] / "spec" / "mutations.json").read_text())["mutations"]
}
PATHS = {"api": API_PATH, "auth": AUTH_PATH}
ERROR_TYPES = {"VALIDATION", "NOT_FOUND", "AUTHORIZATION", "AUTHENTICATION", "APPLICATION", "SERVICE_AVAILABILITY"}
HEADER = {"X-Possible-Errors": "true"}

POSSIBLE_ERRORS = """
query PossibleErrors($name: String!) {
  possibleErrors(name: $name) { name type authErrors possibleErrors { code type message description } }
}
"""
LOGIN = """
mutation Login($input: ObtainJSONWebTokenInput!) {
  obtainKrakenToken(input: $input) { token possibleErrors { code } }
}
"""
FORCE_REAUTHENTICATION = """
mutation Force($input: ForceReauthenticationInput!) {
  forceReauthentication(input: $input) { tokensInvalidated }
}
"""


def possible_errors_of(gql: GraphQL, name: str) -> Any:
    body = gql(POSSIBLE_ERRORS, {"name": name})
    assert "errors" not in body, body
    return body["data"]["possibleErrors"]


@pytest.mark.parametrize("name", sorted(SEED))
def test_the_query_lists_every_error_the_seed_gives_for_a_mutation(client: TestClient, name: str) -> None:
    # when
    answer = possible_errors_of(GraphQL(client, PATHS[SEED[name]["server"]]), name)

    # then
    assert answer["name"] == name
    assert answer["type"] == "mutation"
    assert isinstance(answer["authErrors"], bool)
    listed = {error["code"]: error for error in answer["possibleErrors"]}
    for expected in SEED[name]["errors"]:
        assert expected["code"] in listed, expected["code"]
        assert listed[expected["code"]]["message"] == expected["message"]
    for error in answer["possibleErrors"]:
        assert error["description"]
        assert error["type"] in ERROR_TYPES


def test_the_query_answers_null_for_an_unknown_name(gql: GraphQL) -> None:
    assert possible_errors_of(gql, "noSuchMutation") is None


def test_the_deprecated_payload_field_lists_the_same_codes_as_the_query(gql: GraphQL, customer: dict[str, str]) -> None:
    # when
    body = gql(LOGIN, {"input": {"email": customer["email"], "password": customer["password"]}})

    # then
    assert "errors" not in body, body
    payload = body["data"]["obtainKrakenToken"]
    assert payload["token"]
    expected = [error["code"] for error in possible_errors_of(gql, "obtainKrakenToken")["possibleErrors"]]
    assert [error["code"] for error in payload["possibleErrors"]] == expected


def test_the_header_lists_the_possible_errors_of_the_operation_s_mutations(gql: GraphQL) -> None:
    # when
    body = gql(LOGIN, {"input": {"email": "ada@example.com", "password": "wrong"}}, **HEADER)

    # then
    assert "errors" not in body, body
    assert body["data"] == {"possibleErrors": [possible_errors_of(gql, "obtainKrakenToken")]}


def test_the_header_does_not_run_a_login_so_wrong_passwords_are_not_counted(
    backend: str, settings: Settings, gql: GraphQL, customer: dict[str, str]
) -> None:
    # given many more wrong passwords than the throttle allows, each sent with the header
    wrong = {"input": {"email": customer["email"], "password": "not the password"}}
    for _ in range(settings.login_attempts * 3):
        assert "errors" not in gql(LOGIN, wrong, **HEADER)

    # when
    body = gql(LOGIN, {"input": {"email": customer["email"], "password": customer["password"]}})

    # then
    assert "errors" not in body, body
    assert body["data"]["obtainKrakenToken"]["token"]


def test_the_header_does_not_run_a_mutation_so_nothing_is_recorded(
    backend: str, gql: GraphQL, contexts: runtime.Contexts, customer: dict[str, str]
) -> None:
    # given
    token = contexts.identity.obtain_kraken_token(
        commands.ObtainKrakenToken(client="test", email=customer["email"], password=customer["password"])
    ).token
    before = contexts.identity.recorder.max_notification_id()

    # when
    body = gql(FORCE_REAUTHENTICATION, {"input": {"includeThirdParties": True}}, token=token, **HEADER)

    # then
    assert [answer["name"] for answer in body["data"]["possibleErrors"]] == ["forceReauthentication"]
    assert contexts.identity.recorder.max_notification_id() == before
    assert contexts.identity.authenticate(token).id == contexts.identity.user_id_for_email(customer["email"])


@pytest.mark.parametrize(
    "variables",
    [
        pytest.param({}, id="missing variable"),
        pytest.param({"input": {}}, id="missing required input field"),
        pytest.param({"input": {"includeThirdParties": "yes"}}, id="wrong type"),
        pytest.param({"input": {"includeThirdParties": True, "unknown": 1}}, id="unknown input field"),
    ],
)
def test_the_header_reports_invalid_variables_as_errors_without_data(gql: GraphQL, variables: dict) -> None:
    # when
    body = gql(FORCE_REAUTHENTICATION, variables, **HEADER)

    # then
    assert body["data"] is None
    assert len(body["errors"]) >= 1


def test_the_header_reports_a_syntax_error(gql: GraphQL) -> None:
    body = gql("mutation { obtainKrakenToken(", **HEADER)

    assert body["data"] is None
    assert [error["extensions"]["errorType"] for error in body["errors"]] == ["VALIDATION"]


def test_the_header_is_held_to_the_token_limit(client: TestClient) -> None:
    # given 85,000 selections (about 935 KB), far over the token limit
    document = "{" + " ".join(["viewer{id}"] * 85_000) + "}"

    # when it is sent with the header (it used to be validated in full, for half a minute)
    response = client.post(API_PATH, json={"query": document}, headers=HEADER)

    # then it is refused by the parser, as without the header
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    [error] = body["errors"]
    assert "more than 5000 tokens" in error["message"]
    assert error["extensions"]["errorType"] == "VALIDATION"


@pytest.mark.parametrize(
    ("document", "code"),
    [
        (
            "{viewer{...F20}} "
            + " ".join(
                ["fragment F0 on AccountUserType{id}"]
                + [f"fragment F{n} on AccountUserType{{...F{n - 1} ...F{n - 1}}}" for n in range(1, 21)]
            ),
            "KT-CT-1188",
        ),
        ("{" + " ".join(f"a{n}: __typename" for n in range(31)) + "}", "KT-CT-1190"),
        ("{" + "viewer{accounts{" * 7 + "number" + "}}" * 7 + "}", "KT-CT-1187"),
        (
            'mutation { a: obtainKrakenToken(input: {APIKey: "x"}) { token } '
            'b: obtainKrakenToken(input: {APIKey: "y"}) { token } }',
            "KT-CT-1191",
        ),
    ],
    ids=["complexity", "aliases", "depth", "once-per-request"],
)
def test_the_header_is_held_to_the_request_limits(gql: GraphQL, document: str, code: str) -> None:
    body = gql(document, **HEADER)
    assert body["data"] is None
    assert [error["extensions"].get("errorCode") for error in body["errors"]] == [code]
