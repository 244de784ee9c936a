"""Secrets never reach a log line: passwords, API keys, tokens, pre-signed keys and reset tokens."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from domain.identity import commands
from projections.contexts import Contexts
from tests.helpers import GraphQL

LOGIN = "mutation($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token refreshToken } }"
SEND = "mutation($input: SendOneTimeLoginEmailInput!) { sendPreSignedTokenEmail(input: $input) { status } }"
RESET = "mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { email } }"


def test_a_day_of_logins_and_emails_logs_no_secret(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict,
    catch_up: Callable[[], int],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given every logger at its most talkative
    caplog.set_level(logging.DEBUG)
    # when a wrong password, a right one, an API key, a refresh, a login email and a reset email go through
    gql(LOGIN, {"input": {"email": customer["email"], "password": "wrong-but-secret-guess"}})
    tokens = gql(LOGIN, {"input": {"email": customer["email"], "password": customer["password"]}})["data"][
        "obtainKrakenToken"
    ]
    gql(LOGIN, {"input": {"APIKey": customer["api_key"]}})
    gql(LOGIN, {"input": {"refreshToken": tokens["refreshToken"]}})
    gql(SEND, {"input": {"email": customer["email"], "scope": "REDEEM_LOYALTY_POINTS"}})
    gql(RESET, {"input": {"email": customer["email"]}})
    catch_up()
    key_id = contexts.identity.send_pre_signed_token_email(
        commands.SendPreSignedTokenEmail(client="t", email=customer["email"], scope="REDEEM_LOYALTY_POINTS")
    )
    reset_id = contexts.identity.request_password_reset(
        commands.RequestPasswordReset(client="t", email=customer["email"])
    )
    assert key_id is not None and reset_id is not None
    catch_up()
    # then none of the secrets appears in any log record
    secrets = [
        customer["password"],
        "wrong-but-secret-guess",
        customer["api_key"],
        tokens["token"],
        tokens["refreshToken"],
        contexts.identity.pre_signed_keys.key_for(key_id),
        contexts.identity.reset_tokens.token_for(reset_id),
    ]
    logged = caplog.text + "".join(str(record.args) for record in caplog.records)
    assert caplog.records, "the flows should have logged something"
    for secret in secrets:
        assert secret not in logged
