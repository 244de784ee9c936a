"""The password reset link's page: a form for the new password; posting it runs resetPassword's command,
with its refusals shown as text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from litestar.testing import TestClient

from domain.identity import commands
from domain.shared.catalogue import InvalidCredentials
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from settings import Settings
from tests.api.pages.visiting import emails, forged, hidden_fields, link_in, submit, text_of
from tests.helpers import GraphQL

REQUEST = "mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { email } }"
NEW_PASSWORD = "a brand new passphrase 42"


@pytest.fixture
def reset_link(gql: GraphQL, settings: Settings, customer: dict[str, str], catch_up: Callable[[], int]) -> str:
    """The path and query of the link the reset email carries."""
    gql(REQUEST, {"input": {"email": customer["email"]}})
    catch_up()
    [message] = emails(settings)
    return link_in(message, settings)


def logs_in(contexts: Contexts, customer: dict[str, str], password: str) -> bool:
    command = commands.ObtainKrakenToken(client="test", email=customer["email"], password=password)
    try:
        contexts.identity.obtain_kraken_token(command)
    except InvalidCredentials:
        return False
    return True


def choose(password: str, again: str | None = None) -> dict[str, str]:
    return {"new_password": password, "new_password_confirmed": password if again is None else again}


def test_the_emailed_link_sets_a_new_password(
    backend: str, client: TestClient, contexts: Contexts, customer: dict[str, str], reset_link: str
) -> None:
    # when the link is opened
    shown = client.get(reset_link)
    # then it shows the form, carrying the link's user id and token
    assert shown.status_code == 200
    assert set(hidden_fields(shown.text)) == {"form_token", "userId", "token"}
    assert 'type="password"' in shown.text
    # when a new password is chosen
    answer = client.post(reset_link, data=hidden_fields(shown.text) | choose(NEW_PASSWORD))
    # then it is the password from now on
    assert answer.status_code == 200, answer.text
    assert "Your password has been changed" in text_of(answer.text)
    assert logs_in(contexts, customer, NEW_PASSWORD)
    assert not logs_in(contexts, customer, customer["password"])


def test_a_link_works_once(
    backend: str, client: TestClient, contexts: Contexts, customer: dict[str, str], reset_link: str
) -> None:
    assert submit(client, reset_link, choose(NEW_PASSWORD)).status_code == 200
    # when the link is used again
    again = submit(client, reset_link, choose("yet another passphrase 7"))
    # then it is refused with resetPassword's reason, and the first new password stays
    assert again.status_code == 400
    assert "KT-CT-4125" in text_of(again.text)
    assert logs_in(contexts, customer, NEW_PASSWORD)


def test_an_expired_link_is_refused(
    client: TestClient, contexts: Contexts, customer: dict[str, str], reset_link: str, clock: FrozenClock
) -> None:
    shown = client.get(reset_link)
    clock.advance(timedelta(days=2))
    answer = client.post(reset_link, data=hidden_fields(shown.text) | choose(NEW_PASSWORD))
    assert answer.status_code == 400 and "KT-CT-4125" in text_of(answer.text)
    assert logs_in(contexts, customer, customer["password"])


def test_a_tampered_link_is_refused(client: TestClient, customer: dict[str, str], reset_link: str) -> None:
    answer = submit(client, reset_link.replace("token=", "token=x"), choose(NEW_PASSWORD))
    assert answer.status_code == 400 and "KT-CT-4125" in text_of(answer.text)


def test_a_password_the_policy_refuses_is_said_and_the_link_stays_usable(
    backend: str, client: TestClient, contexts: Contexts, customer: dict[str, str], reset_link: str
) -> None:
    # when the password is too short and too common
    refused = submit(client, reset_link, choose("abc"))
    # then the policy's words are shown with the form again
    assert refused.status_code == 422
    text = text_of(refused.text)
    assert "This password is too short." in text
    assert set(hidden_fields(refused.text)) == {"form_token", "userId", "token"}
    # and the link still works with a good password
    assert submit(client, reset_link, choose(NEW_PASSWORD)).status_code == 200
    assert logs_in(contexts, customer, NEW_PASSWORD)


def test_two_different_passwords_are_refused_before_anything_is_asked(
    client: TestClient, contexts: Contexts, customer: dict[str, str], reset_link: str
) -> None:
    refused = submit(client, reset_link, choose(NEW_PASSWORD, "something else"))
    assert refused.status_code == 422
    assert "The two password fields didn't match." in text_of(refused.text)
    assert logs_in(contexts, customer, customer["password"])


def test_a_post_not_from_the_page_changes_nothing(
    client: TestClient, contexts: Contexts, customer: dict[str, str], reset_link: str
) -> None:
    fields = hidden_fields(client.get(reset_link).text)
    answer = forged(client, reset_link, {"userId": fields["userId"], "token": fields["token"]} | choose(NEW_PASSWORD))
    assert answer.status_code == 403
    assert logs_in(contexts, customer, customer["password"])


def test_a_link_without_its_user_or_token_is_incomplete(client: TestClient) -> None:
    assert client.get("/reset-password?token=abc").status_code == 400
    assert client.get("/reset-password?userId=abc").status_code == 400


def test_the_link_s_values_are_escaped_into_the_page(client: TestClient) -> None:
    hostile = '"><img src=x onerror=alert(1)>'
    shown = client.get("/reset-password?" + urlencode({"userId": hostile, "token": hostile}))
    assert shown.status_code == 200
    assert "<img" not in shown.text
    assert hidden_fields(shown.text)["userId"] == hostile
