"""shareGoodsQuote: anyone holding a quote's code may have it emailed to an address, without a login;
throttled per quote code and per client address, and each share emailed once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from domain.goods.quote import GoodsQuote
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from settings import Settings
from tests.api.goods.conftest import line, quote
from tests.api.loyalty.conftest import served
from tests.api.pages.visiting import emails
from tests.domain.goods.catalogue import KIT, WATER_BUTT
from tests.helpers import GraphQL, refused_with

pytestmark = pytest.mark.usefixtures("stocked")

SHARE = """
mutation ShareGoodsQuote($input: ShareGoodsQuoteInput!) {
  shareGoodsQuote(input: $input) { share { id } }
}
"""


def share(gql: GraphQL, code: str, email: str) -> dict[str, Any]:
    return gql(SHARE, {"input": {"quoteCode": code, "email": email}})


@pytest.fixture
def code(gql: GraphQL, customer: dict[str, str], token: str) -> str:
    body = quote(gql, token, customer["account_number"], line(WATER_BUTT, 2), line(KIT, 1))
    found: str = body["data"]["createGoodsQuote"]["goodsQuote"]["code"]
    return found


def test_the_quote_is_emailed_once_to_the_address_given(
    backend: str, gql: GraphQL, settings: Settings, code: str, catch_up: Callable[[], int]
) -> None:
    # when: no login needed
    body = share(gql, code, "partner@example.com")
    # then
    assert isinstance(body["data"]["shareGoodsQuote"]["share"]["id"], int)
    catch_up()
    [sent] = emails(settings)
    assert sent["To"] == "partner@example.com"
    text = sent.get_content()
    assert code in text and "2 x 200 litre water butt at £49.99 each" in text and "£114.98" in text
    catch_up()
    assert len(emails(settings)) == 1


def test_the_address_is_kept_encrypted(gql: GraphQL, contexts: Contexts, code: str) -> None:
    share(gql, code, "partner@example.com")
    [shared] = [
        n
        for n in contexts.goods.recorder.select_notifications(start=1, limit=100)
        if n.topic.endswith("GoodsQuote.Shared")
    ]
    assert b"partner@example.com" not in shared.state
    stored = contexts.goods.repository.get(shared.originator_id)
    assert isinstance(stored, GoodsQuote)
    assert [s.email for s in stored.shares.values()] == ["partner@example.com"]


@pytest.mark.parametrize("email", ["not-an-email", "", "a@b", "a@" + "b" * 260])
def test_a_malformed_email_is_kt_ct_4122(gql: GraphQL, code: str, email: str) -> None:
    refused_with(share(gql, code, email), "KT-CT-4122")


def test_an_unknown_code_is_kt_ct_8203(gql: GraphQL, code: str) -> None:
    refused_with(share(gql, "GQNOTAREALCODE", "partner@example.com"), "KT-CT-8203")


def test_a_quote_code_is_throttled_then_kt_ct_1199(gql: GraphQL, code: str) -> None:
    # Five a day for one quote code by default; refused calls count as well.
    for _ in range(4):
        assert share(gql, code, "partner@example.com")["data"]["shareGoodsQuote"]["share"]["id"]
    refused_with(share(gql, code, "nope"), "KT-CT-4122")
    # The same code in lower case is the same quote, and the same allowance.
    refused_with(share(gql, code.lower(), "partner@example.com"), "KT-CT-1199")


def test_a_client_guessing_codes_is_throttled_then_kt_ct_1199(
    settings: Settings, clock: FrozenClock, code: str
) -> None:
    with served(settings, clock, goods_shares_per_client=3) as limited:
        for guess in ("GQGUESS1", "GQGUESS2", "GQGUESS3"):
            refused_with(share(limited, guess, "partner@example.com"), "KT-CT-8203")
        refused_with(share(limited, code, "partner@example.com"), "KT-CT-1199")
