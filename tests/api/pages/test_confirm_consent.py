"""The double opt-in link's page: opening it changes nothing; confirming runs confirmDoubleOptIn's command."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from litestar.testing import TestClient

from ops import runtime
from settings import Settings
from tests.api.accounts.consents import emailed_link, request_opt_in, viewer_consents
from tests.api.loyalty.conftest import token_for
from tests.api.pages.visiting import forged, hidden_fields, submit, text_of
from tests.helpers import GraphQL


@pytest.fixture
def viewer_token(contexts: runtime.Contexts, customer: dict[str, str]) -> str:
    return token_for(contexts, customer["email"])


@pytest.fixture
def confirm_link(
    gql: GraphQL, settings: Settings, viewer_token: str, consent_types: list[str], catch_up: Callable[[], int]
) -> str:
    """The path and query of the link the double opt-in email carries."""
    request_opt_in(gql, viewer_token)
    catch_up()
    return emailed_link(settings)


def test_opening_the_link_shows_a_form_and_changes_nothing(
    client: TestClient, gql: GraphQL, viewer_token: str, confirm_link: str, catch_up: Callable[[], int]
) -> None:
    shown = client.get(confirm_link)
    assert shown.status_code == 200
    assert set(hidden_fields(shown.text)) == {"form_token", "token"}
    catch_up()
    assert viewer_consents(gql, viewer_token) == {"MARKETING_EMAIL": "PENDING"}


def test_confirming_accepts_the_consent_once(
    client: TestClient, gql: GraphQL, viewer_token: str, confirm_link: str, catch_up: Callable[[], int]
) -> None:
    # when the visitor confirms
    answer = submit(client, confirm_link, {})
    # then
    assert answer.status_code == 200, answer.text
    assert "Your consent to Marketing by email is recorded." in text_of(answer.text)
    catch_up()
    assert viewer_consents(gql, viewer_token) == {"MARKETING_EMAIL": "ACCEPTED"}
    # and confirming again is refused with the code's words
    again = submit(client, confirm_link, {})
    assert again.status_code == 400
    assert "KT-CT-9022" in text_of(again.text)


def test_a_forged_post_is_refused(client: TestClient, confirm_link: str) -> None:
    token = confirm_link.partition("token=")[2]
    assert forged(client, confirm_link, {"token": token}).status_code == 403


def test_an_unknown_or_missing_token(client: TestClient) -> None:
    assert client.get("/confirm-consent").status_code == 400
    answer = submit(client, "/confirm-consent?token=nothing-we-sent", {})
    assert answer.status_code == 400
    assert "KT-CT-9021" in text_of(answer.text)
