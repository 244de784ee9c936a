"""createGoodsQuoteWithoutAccount: a quote for a prospect, whose profile is kept encrypted with it."""

from __future__ import annotations

from typing import Any

import pytest

from domain.goods.quote import GoodsQuote
from projections.contexts import Contexts
from tests.api.goods.conftest import line
from tests.domain.goods.catalogue import KIT, LEAK_DETECTOR
from tests.helpers import GraphQL, refused_with

pytestmark = pytest.mark.usefixtures("stocked")

QUOTE = """
mutation CreateGoodsQuoteWithoutAccount($input: CreateGoodsQuoteWithoutAccountInput!) {
  createGoodsQuoteWithoutAccount(input: $input) {
    goodsQuote { id code totalNetAmount hasQuoteExpired goodsQuotedProducts { product numberOfUnits } }
  }
}
"""
PROFILE = {
    "givenName": "Mary",
    "familyName": "Somerville",
    "email": "mary@example.com",
    "phoneNumber": "+44 7700 900456",
    "postcode": "sw1a1aa",
    "addressLine1": "1 Example Street",
    "addressLine2": "Westminster",
}


def prospect_quote(gql: GraphQL, token: str | None, *lines: dict[str, Any], **profile: str) -> dict[str, Any]:
    variables = {"input": {"customerProfile": PROFILE | profile, "productsToQuote": list(lines)}}
    return gql(QUOTE, variables, token=token)


def test_a_prospect_is_quoted_and_their_profile_kept_encrypted(
    backend: str, gql: GraphQL, contexts: Contexts, org_token: str
) -> None:
    body = prospect_quote(gql, org_token, line(KIT, 2))
    quoted = body["data"]["createGoodsQuoteWithoutAccount"]["goodsQuote"]
    assert quoted["totalNetAmount"] == 3000
    assert quoted["goodsQuotedProducts"] == [{"product": "WATER-SAVING-KIT", "numberOfUnits": 2}]
    [made] = [n for n in contexts.goods.recorder.select_notifications(start=1, limit=100) if n.topic.endswith("Quoted")]
    assert b"mary@example.com" not in made.state and b"Somerville" not in made.state
    stored = contexts.goods.repository.get(made.originator_id)
    assert isinstance(stored, GoodsQuote) and stored.account_number is None and stored.prospect is not None
    assert (stored.prospect.postcode, stored.prospect.phone_number) == ("SW1A 1AA", "+447700900456")


def test_an_account_user_may_quote_a_prospect_at_catalogue_prices(gql: GraphQL, token: str) -> None:
    body = prospect_quote(gql, token, line(KIT, 1))
    assert body["data"]["createGoodsQuoteWithoutAccount"]["goodsQuote"]["totalNetAmount"] == 1500


@pytest.mark.parametrize(
    "profile",
    [
        {"email": "not-an-email"},
        {"postcode": "NOT A POSTCODE"},
        {"phoneNumber": "call me"},
        {"givenName": " "},
        {"addressLine1": ""},
    ],
)
def test_an_invalid_profile_is_kt_ct_8202(gql: GraphQL, org_token: str, profile: dict[str, str]) -> None:
    refused_with(prospect_quote(gql, org_token, line(KIT, 1), **profile), "KT-CT-8202")


def test_products_that_cannot_be_quoted_are_kt_ct_8202(gql: GraphQL, org_token: str) -> None:
    refused_with(prospect_quote(gql, org_token, line(99, 1)), "KT-CT-8202")
    refused_with(prospect_quote(gql, org_token, line(LEAK_DETECTOR, 1, pricePerUnit=-5)), "KT-CT-8202")


def test_without_a_login_it_is_kt_ct_1112(gql: GraphQL) -> None:
    refused_with(prospect_quote(gql, None, line(KIT, 1)), "KT-CT-1112")


def test_a_bad_token_is_kt_ct_1111(gql: GraphQL) -> None:
    refused_with(prospect_quote(gql, "not-a-token", line(KIT, 1)), "KT-CT-1111")
