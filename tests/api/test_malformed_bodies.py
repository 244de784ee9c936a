"""Bodies that are not a GraphQL request get a Kraken-shaped refusal (HTTP 4xx, `errors[]` with
errorType VALIDATION), logged at INFO, and never reach the domain: no bare 500, no traceback."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from litestar.testing import TestClient

from api import request_body
from api.app import API_PATH, AUTH_PATH
from tests.helpers import GraphQL, error_codes

TYPENAME = b'{"query":"{__typename}"'


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def post(client: TestClient, body: bytes, path: str = API_PATH, **headers: str) -> Any:
    return client.post(path, content=body, headers={"content-type": "application/json", **headers})


def refusal(response: Any, status: int = 400) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    [error] = response.json()["errors"]
    assert error["extensions"]["errorType"] == "VALIDATION"
    assert "Traceback" not in response.text
    return dict(error)


@pytest.mark.parametrize("path", [API_PATH, AUTH_PATH])
@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b'{"query":"{__typename}\xfa"}', id="not-utf-8"),
        pytest.param(TYPENAME + b',"variables":{"a":' + nested(1000) + b"}}", id="json-1000-deep"),
        pytest.param(TYPENAME + b',"variables":{"a":' + nested(100_000) + b"}}", id="json-100000-deep"),
        pytest.param(TYPENAME + b',"variables":{"a":' + nested(33) + b"}}", id="variables-33-deep"),
        pytest.param(b"12", id="a-number"),
        pytest.param(b'"a string"', id="a-string"),
        pytest.param(b"{", id="truncated"),
        pytest.param(TYPENAME + b',"variables":[1]}', id="variables-not-an-object"),
        pytest.param(TYPENAME + b',"variables":{"a":"' + b"x" * 10_001 + b'"}}', id="string-over-10000"),
        pytest.param(TYPENAME + b',"variables":{"a":[' + b",".join([b"1"] * 1001) + b"]}}", id="list-over-1000"),
    ],
)
def test_a_malformed_body_is_refused_in_kraken_s_shape(
    client: TestClient, caplog: pytest.LogCaptureFixture, body: bytes, path: str
) -> None:
    # given
    caplog.set_level(logging.INFO, logger="kraken.api")

    # when
    response = post(client, body, path)

    # then
    error = refusal(response)
    assert error["message"]
    # and the refusal is logged as the client's doing, not as an error of ours
    [record] = [r for r in caplog.records if r.name == "kraken.api"]
    assert record.levelno == logging.INFO
    assert "refused a request" in record.getMessage()


def test_variables_up_to_the_bounds_pass() -> None:
    deepest: list[Any] = []
    for _ in range(request_body.MAX_NESTING - 2):
        deepest = [deepest]
    request_body.check_variables({"a": deepest, "b": "x" * request_body.MAX_STRING_LENGTH, "c": [1] * 1000})
    with pytest.raises(request_body.RequestRefused):
        request_body.check_variables({"a": [deepest]})


def test_a_batch_is_refused_with_kt_ct_1191(client: TestClient) -> None:
    error = refusal(post(client, b'[{"query":"{__typename}"},{"query":"{__typename}"}]'))
    assert error["extensions"]["errorCode"] == "KT-CT-1191"


def test_a_body_over_a_megabyte_is_refused_in_kraken_s_shape(client: TestClient) -> None:
    error = refusal(post(client, TYPENAME + b',"variables":{"a":"' + b"x" * 1_000_001 + b'"}}'), status=413)
    assert error["message"] == "Request Entity Too Large"


def test_other_content_types_are_refused_in_kraken_s_shape(client: TestClient) -> None:
    response = client.post(API_PATH, content=b"{__typename}", headers={"content-type": "text/plain"})
    refusal(response)


def test_an_unknown_path_is_answered_in_kraken_s_shape(client: TestClient) -> None:
    refusal(client.post("/v1/graphql/nothing-here", json={"query": "{__typename}"}), status=404)


SURROGATE_CASES = {
    "obtainKrakenToken email": (
        "mutation($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token } }",
        {"input": {"email": "\ud800", "password": "whatever it is"}},
    ),
    "collectPayment description": (
        "mutation($input: CollectPaymentInput!) { collectPayment(input: $input) { payment { id } } }",
        {
            "input": {
                "accountNumber": "A-00000001",
                "amount": 100,
                "paymentDate": "2026-01-15",
                "description": "\ud800",
                "idempotencyKey": "a key",
            }
        },
    ),
    "collectPayment idempotencyKey": (
        "mutation($input: CollectPaymentInput!) { collectPayment(input: $input) { payment { id } } }",
        {
            "input": {
                "accountNumber": "A-00000001",
                "amount": 100,
                "paymentDate": "2026-01-15",
                "description": "fine",
                "idempotencyKey": "\udfff",
            }
        },
    ),
    "a variable's name": ("query { __typename }", {"\ud83d": 1}),
}


@pytest.mark.parametrize("case", SURROGATE_CASES)
def test_a_lone_surrogate_in_any_string_is_refused_as_invalid_input(
    client: TestClient, customer: dict[str, str], case: str
) -> None:
    # given a string that is not Unicode text (the encoder escapes it as \\udXXX, as JSON allows)
    query, variables = SURROGATE_CASES[case]
    body = json.dumps({"query": query, "variables": variables}).encode()
    assert b"\\ud" in body

    # when
    response = post(client, body)

    # then it is refused before it reaches the domain (it used to fail there, masked as APPLICATION)
    error = refusal(response)
    assert "surrogate" in error["message"]


def test_a_lone_surrogate_in_a_document_literal_is_a_syntax_error(gql: GraphQL) -> None:
    body = gql('mutation { obtainKrakenToken(input: {email: "\\ud800", password: "x"}) { token } }')
    assert body["data"] is None
    assert error_codes(body) == [None]
    assert "Invalid Unicode escape sequence" in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["errorType"] == "VALIDATION"
