"""Secrets never reach a log line: passwords, API keys, tokens, pre-signed keys and reset tokens."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator

import pytest

from domain.identity import commands
from ops.logs import JsonFormatter
from projections.contexts import Contexts
from tests.helpers import GraphQL

LOGIN = "mutation($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token refreshToken } }"
SEND = "mutation($input: SendOneTimeLoginEmailInput!) { sendPreSignedTokenEmail(input: $input) { status } }"
RESET = "mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { email } }"
VIEWER = "{ viewer { id } }"


def a_day_of_logins_and_emails(
    gql: GraphQL, contexts: Contexts, customer: dict, catch_up: Callable[[], int], **headers: str
) -> list[str]:
    """A wrong password, a right one, an API key, a refresh, a login email and a reset email go
    through; the secrets they involved."""
    gql(LOGIN, {"input": {"email": customer["email"], "password": "wrong-but-secret-guess"}}, **headers)
    tokens = gql(LOGIN, {"input": {"email": customer["email"], "password": customer["password"]}}, **headers)["data"][
        "obtainKrakenToken"
    ]
    gql(LOGIN, {"input": {"APIKey": customer["api_key"]}}, **headers)
    gql(LOGIN, {"input": {"refreshToken": tokens["refreshToken"]}}, **headers)
    gql(SEND, {"input": {"email": customer["email"], "scope": "REDEEM_LOYALTY_POINTS"}}, **headers)
    gql(RESET, {"input": {"email": customer["email"]}}, **headers)
    gql(VIEWER, token=tokens["token"], **headers)
    catch_up()
    key_id = contexts.identity.send_pre_signed_token_email(
        commands.SendPreSignedTokenEmail(client="t", email=customer["email"], scope="REDEEM_LOYALTY_POINTS")
    )
    reset_id = contexts.identity.request_password_reset(
        commands.RequestPasswordReset(client="t", email=customer["email"])
    )
    assert key_id is not None and reset_id is not None
    catch_up()
    return [
        customer["password"],
        "wrong-but-secret-guess",
        customer["api_key"],
        tokens["token"],
        tokens["refreshToken"],
        contexts.identity.pre_signed_keys.key_for(key_id),
        contexts.identity.reset_tokens.token_for(reset_id),
    ]


def test_a_day_of_logins_and_emails_logs_no_secret(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict,
    catch_up: Callable[[], int],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given every logger at its most talkative
    caplog.set_level(logging.DEBUG)
    # when a day of logins and emails goes through
    secrets = a_day_of_logins_and_emails(gql, contexts, customer, catch_up)
    # then none of the secrets appears in any log record
    logged = caplog.text + "".join(str(record.args) for record in caplog.records)
    assert caplog.records, "the flows should have logged something"
    for secret in secrets:
        assert secret not in logged


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """Every record, at its most talkative, written as KRAKEN_LOG_FORMAT=json writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("serve"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield stream
    root.removeHandler(handler)
    root.setLevel(level)


def test_the_json_log_holds_no_secret_either(
    gql: GraphQL, contexts: Contexts, customer: dict, catch_up: Callable[[], int], json_log: io.StringIO
) -> None:
    # when a day of logins and emails goes through, with a request id a client chose
    secrets = a_day_of_logins_and_emails(gql, contexts, customer, catch_up, **{"X-Request-ID": "day-1"})
    # then every line is a JSON object, a line per request among them, and none holds a secret
    written = json_log.getvalue()
    entries = [json.loads(line) for line in written.splitlines() if line.startswith("{")]
    requests = [entry for entry in entries if entry["logger"] == "kraken.requests"]
    assert len(requests) == 7 and {entry["request_id"] for entry in requests} == {"day-1"}
    assert {entry["operation"] for entry in requests} == {
        "obtainKrakenToken",
        "sendPreSignedTokenEmail",
        "requestPasswordReset",
        "viewer",
    }
    for secret in secrets:
        assert secret not in written
