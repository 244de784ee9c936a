"""The pages' URLs carry secrets (a login key, a reset token, a hosted page's token): no log line shows one."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from litestar.testing import TestClient

from api.pages import redacted
from domain.identity import commands
from ops.runtime import create_app
from projections.contexts import Contexts
from settings import Settings
from tests.api.pages.test_hosted_payment import CARD, hosted_url
from tests.api.pages.visiting import emails, link_in, submit, text_of
from tests.helpers import GraphQL


@pytest.mark.parametrize(
    ("target", "shown"),
    [
        ("/login?preSignedKey=abc.def", "/login?preSignedKey=***"),
        ("/reset-password?userId=MTI&token=abc.def", "/reset-password?userId=MTI&token=***"),
        ("/payments/hosted/rt_1_secret?success=https%3A%2F%2Fa", "/payments/hosted/***?success=https%3A%2F%2Fa"),
        ("/payments/instructions/setup/hpi_secret", "/payments/instructions/setup/***"),
        ("/v1/graphql/", "/v1/graphql/"),
    ],
)
def test_a_pages_secret_is_redacted(target: str, shown: str) -> None:
    assert redacted(target) == shown


def test_the_api_process_access_log_shows_no_secret(settings: Settings, contexts: Contexts) -> None:
    # given the API app as its server process makes it, and the access log's lines kept
    create_app(settings, contexts, follow=False)
    access = logging.getLogger("uvicorn.access")
    lines: list[str] = []
    kept = logging.Handler()
    kept.emit = lambda record: lines.append(record.getMessage())  # type: ignore[method-assign]
    access.addHandler(kept)
    try:
        # when the server logs a request for a login link, as uvicorn does
        access.warning('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", "/login?preSignedKey=the-secret", "1.1", 200)
    finally:
        access.removeHandler(kept)
    # then
    assert lines == ['127.0.0.1:5000 - "GET /login?preSignedKey=*** HTTP/1.1" 200']


def test_using_every_page_logs_no_secret(
    client: TestClient,
    gql: GraphQL,
    settings: Settings,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    ledger: str,
    catch_up: Callable[[], int],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given every logger at its most talkative
    caplog.set_level(logging.DEBUG)
    # when a hosted payment, a login link and a reset link (which ends the token's session) are used
    payment = hosted_url(gql, settings, token, ledger)
    assert submit(client, payment, CARD).status_code == 200
    key_id = contexts.identity.send_pre_signed_token_email(
        commands.SendPreSignedTokenEmail(client="t", email=customer["email"], scope="REDEEM_LOYALTY_POINTS")
    )
    reset_id = contexts.identity.request_password_reset(
        commands.RequestPasswordReset(client="t", email=customer["email"])
    )
    assert key_id is not None and reset_id is not None
    catch_up()
    links = {link_in(message, settings).partition("?")[0]: link_in(message, settings) for message in emails(settings)}
    assert submit(client, links["/login"], {}).status_code == 200
    new_password = {"new_password": "a brand new passphrase 42", "new_password_confirmed": "a brand new passphrase 42"}
    assert submit(client, links["/reset-password"], new_password).status_code == 200
    catch_up()
    # then none of the secrets is in a log record of the server's (the test client logs the URLs it asks for)
    secrets = [
        contexts.identity.pre_signed_keys.key_for(key_id),
        contexts.identity.reset_tokens.token_for(reset_id),
        payment.removeprefix("/payments/hosted/"),
        "a brand new passphrase 42",
        "4242 4242 4242 4242",
    ]
    served = [record for record in caplog.records if not record.name.startswith("httpx")]
    logged = "".join(f"{record.getMessage()} {record.args}" for record in served)
    assert served
    for secret in secrets:
        assert secret not in logged


def test_a_bug_on_a_page_is_logged_without_the_page_s_secret(
    client: TestClient, contexts: Contexts, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a page whose lookup fails unexpectedly
    def broken(token: str) -> None:
        raise RuntimeError("the read failed")

    monkeypatch.setattr(contexts.payments, "standalone_payment", broken)
    # when
    answer = client.get("/payments/hosted/rt_1_the-secret")
    # then the visitor gets a page with a correlation id, and the log has the id but not the token
    assert answer.status_code == 500 and "Something went wrong" in text_of(answer.text)
    [record] = [record for record in caplog.records if record.name == "kraken.pages"]
    assert "the-secret" not in record.getMessage() and "/payments/hosted/***" in record.getMessage()
    assert str(record.args[0]) in answer.text  # type: ignore[index]
