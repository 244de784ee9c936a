"""The personal referral link's page: it shows the code to give and changes nothing."""

from __future__ import annotations

from urllib.parse import urlsplit

from litestar.testing import TestClient

from ops import runtime
from tests.api.pages.visiting import text_of


def test_the_link_a_referral_scheme_answers_opens_a_page_with_the_code(
    client: TestClient, contexts: runtime.Contexts, customer: dict[str, str]
) -> None:
    code = contexts.loyalty.referral_code(customer["account_number"])
    shown = client.get(urlsplit(contexts.loyalty.referral_link(code)).path)
    assert shown.status_code == 200 and code in text_of(shown.text)
    # It names no one: the referrer's details are theirs.
    assert "Ada" not in shown.text and customer["account_number"] not in shown.text


def test_a_broken_link_is_answered_plainly(client: TestClient) -> None:
    for path in ("/refer/%3Cscript%3E", "/refer/" + "A" * 40):
        shown = client.get(path)
        assert shown.status_code == 400 and "<script>" not in shown.text
