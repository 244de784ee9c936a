"""The login link's page: opening it uses nothing; confirming exchanges the pre-signed key for a Kraken
Token kept in an HttpOnly, SameSite=Strict cookie; a used, expired or unknown key is refused with its reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from http.cookies import SimpleCookie
from urllib.parse import urlencode
from uuid import UUID

import msgspec
import pytest
from litestar.testing import TestClient

from api.pages.forms import FORM_COOKIE
from api.pages.login import TOKEN_COOKIE
from domain.identity import commands
from domain.identity.pre_signed_key import PreSignedKey
from domain.shared.clock import FrozenClock
from ops.runtime import create_app
from projections.contexts import Contexts
from settings import Settings
from tests.api.pages.visiting import emails, forged, hidden_fields, link_in, submit, text_of
from tests.helpers import GraphQL

SEND = "mutation($input: SendOneTimeLoginEmailInput!) { sendPreSignedTokenEmail(input: $input) { status } }"
SCOPE = "REDEEM_LOYALTY_POINTS"


def issue_key(contexts: Contexts, email: str) -> tuple[UUID, str]:
    key_id = contexts.identity.send_pre_signed_token_email(
        commands.SendPreSignedTokenEmail(client="test", email=email, scope=SCOPE)
    )
    assert key_id is not None
    return key_id, contexts.identity.pre_signed_keys.key_for(key_id)


def login_url(key: str) -> str:
    return "/login?" + urlencode({"preSignedKey": key})


def set_cookies(response: object) -> SimpleCookie:
    jar: SimpleCookie = SimpleCookie()
    for header in response.headers.get_list("set-cookie"):  # type: ignore[attr-defined]
        jar.load(header)
    return jar


def test_the_emailed_link_opens_a_page_that_logs_in_on_confirming(
    backend: str,
    client: TestClient,
    gql: GraphQL,
    contexts: Contexts,
    settings: Settings,
    customer: dict[str, str],
    catch_up: Callable[[], int],
) -> None:
    # given the login email the worker sent
    gql(SEND, {"input": {"email": customer["email"], "scope": SCOPE}})
    catch_up()
    [message] = emails(settings)
    url = link_in(message, settings)
    # when the link is opened (as a mail scanner would, too)
    shown = client.get(url)
    # then it shows a form to confirm, and the key is not used yet
    assert shown.status_code == 200
    assert "Log in" in text_of(shown.text)
    key = hidden_fields(shown.text)["preSignedKey"]
    key_id = contexts.identity.pre_signed_keys.key_id_of(key)
    assert contexts.identity.load(key_id).used_at is None
    # when the visitor confirms
    answer = client.post(url, data=hidden_fields(shown.text))
    # then they are logged in: the token is in an HttpOnly, Strict cookie, never in the page
    assert answer.status_code == 200, answer.text
    assert f"You are logged in as {customer['email']}, to redeem loyalty points" in text_of(answer.text)
    cookie = set_cookies(answer)[TOKEN_COOKIE]
    assert cookie["httponly"] and cookie["samesite"].lower() == "strict" and cookie["path"] == "/"
    assert not cookie["secure"]  # served over plain http here
    assert int(cookie["max-age"]) == settings.access_token_minutes * 60
    assert cookie.value not in answer.text
    user, scope = contexts.identity.session(cookie.value)
    assert (str(user.id), scope) == (customer["user_id"], SCOPE)
    # and the key is used up
    assert isinstance(contexts.identity.load(key_id).used_at, type(contexts.identity.clock.now()))


def test_a_key_works_once(backend: str, client: TestClient, contexts: Contexts, customer: dict[str, str]) -> None:
    # given a key already used on the page
    _, key = issue_key(contexts, customer["email"])
    first = submit(client, login_url(key), {})
    assert first.status_code == 200
    # when it is used again
    again = submit(client, login_url(key), {})
    # then it is refused with the Kraken code's reason
    assert again.status_code == 400
    text = text_of(again.text)
    assert "This pre-signed key has already been used." in text and "KT-CT-1138" in text
    assert TOKEN_COOKIE not in set_cookies(again)


def test_an_expired_key_is_refused(
    backend: str, client: TestClient, contexts: Contexts, customer: dict[str, str], clock: FrozenClock
) -> None:
    _, key = issue_key(contexts, customer["email"])
    shown = client.get(login_url(key))
    clock.advance(contexts.identity.pre_signed_keys.ttl + timedelta(seconds=1))
    answer = client.post(login_url(key), data=hidden_fields(shown.text))
    assert answer.status_code == 400
    assert "This pre-signed key has expired." in text_of(answer.text)


def test_an_unknown_or_invalidated_key_is_refused(client: TestClient, contexts: Contexts, customer: dict) -> None:
    # an unknown key
    answer = submit(client, login_url("not-a-key"), {})
    assert answer.status_code == 400 and "KT-CT-1138" in text_of(answer.text)
    # an invalidated one
    _, key = issue_key(contexts, customer["email"])
    contexts.identity.invalidate_pre_signed_token(commands.InvalidatePreSignedToken(token=key))
    answer = submit(client, login_url(key), {})
    assert answer.status_code == 400
    assert "This pre-signed key has been invalidated." in text_of(answer.text)


def test_a_link_without_its_key_is_incomplete(client: TestClient) -> None:
    assert client.get("/login").status_code == 400
    assert "incomplete" in text_of(client.get("/login?preSignedKey=").text)


def test_a_post_not_from_the_page_is_refused_and_uses_nothing(
    backend: str, client: TestClient, contexts: Contexts, customer: dict[str, str]
) -> None:
    # given a key and the page's form (so that the browser holds a form cookie)
    key_id, key = issue_key(contexts, customer["email"])
    shown = client.get(login_url(key))
    fields = hidden_fields(shown.text)
    # when another site posts the key without the page's token, with a token of its own, or says it is cross-site
    refused = [
        forged(client, login_url(key), {"preSignedKey": key}),
        forged(client, login_url(key), {"preSignedKey": key, "form_token": "x" * 43}),
        client.post(login_url(key), data=fields, headers={"Sec-Fetch-Site": "cross-site"}),
    ]
    # and a post with the page's token but without the browser's cookie
    client.cookies.delete(FORM_COOKIE)
    refused.append(client.post(login_url(key), data=fields))
    # then each is refused and the key is still unused
    assert [answer.status_code for answer in refused] == [403, 403, 403, 403]
    assert all(TOKEN_COOKIE not in set_cookies(answer) for answer in refused)
    key_aggregate: PreSignedKey = contexts.identity.load(key_id)
    assert key_aggregate.used_at is None


def test_the_key_is_escaped_into_the_page(client: TestClient) -> None:
    hostile = '"><script>alert(1)</script>'
    shown = client.get(login_url(hostile))
    assert shown.status_code == 200
    assert "<script>alert(1)" not in shown.text
    assert hidden_fields(shown.text)["preSignedKey"] == hostile


def test_the_page_carries_a_strict_policy_and_is_never_cached(client: TestClient) -> None:
    shown = client.get(login_url("k"))
    policy = shown.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "form-action 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "script-src" not in policy
    assert shown.headers["cache-control"] == "no-store"
    assert shown.headers["referrer-policy"] == "no-referrer"
    assert shown.headers["content-type"].startswith("text/html")
    form_cookie = set_cookies(shown)[FORM_COOKIE]
    assert form_cookie["httponly"] and form_cookie["samesite"].lower() == "strict"


@pytest.mark.parametrize("public_url", ["https://kraken.example"])
def test_over_tls_the_cookie_is_secure(
    settings: Settings, contexts: Contexts, customer: dict[str, str], public_url: str
) -> None:
    # given a server whose public URL is https (TLS ends at a proxy in front of it)
    served = msgspec.structs.replace(settings, public_url=public_url)
    _, key = issue_key(contexts, customer["email"])
    with TestClient(create_app(served, contexts, follow=False)) as client:
        shown = client.get(login_url(key))
        assert set_cookies(shown)[FORM_COOKIE]["secure"]
        # (a browser would not send a Secure cookie back over http: the test client is told to)
        client.cookies.set(FORM_COOKIE, hidden_fields(shown.text)["form_token"])
        answer = client.post(login_url(key), data=hidden_fields(shown.text))
    assert answer.status_code == 200
    assert set_cookies(answer)[TOKEN_COOKIE]["secure"]


def test_a_body_larger_than_any_form_is_refused_as_a_page(client: TestClient) -> None:
    answer = client.post(login_url("k"), data={"preSignedKey": "k" * 20_000})
    assert answer.status_code == 413
    assert answer.headers["content-type"].startswith("text/html")
    assert answer.headers["cache-control"] == "no-store"
