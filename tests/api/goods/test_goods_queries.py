"""The goods read side: goodsQuotes, goodsPurchases and goodsProducts, through HTTP."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from domain.goods import commands
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.goods.conftest import accept, line, purchase, quote, quoted_id
from tests.api.loyalty.conftest import token_for
from tests.domain.goods.catalogue import KIT, WATER_BUTT
from tests.helpers import GraphQL, error_codes

pytestmark = pytest.mark.usefixtures("stocked")

QUOTES = """
query Q($accountNumber: String, $quoteCode: String) {
  goodsQuotes(accountNumber: $accountNumber, quoteCode: $quoteCode) {
    id code totalNetAmount hasQuoteExpired goodsQuotedProducts { product numberOfUnits pricePerUnit netAmount }
  }
}
"""
PURCHASES = """
query P($accountNumber: String!) {
  goodsPurchases(accountNumber: $accountNumber) {
    id code ledgerId clientParams goodsSaleItems { product numberOfUnits grossAmount } goodsGrants { type grossAmount }
  }
}
"""
PRODUCTS = """
query G($market: String!, $types: [String], $codes: [String], $first: Int, $after: String) {
  goodsProducts(marketName: $market, productType: $types, code: $codes, first: $first, after: $after) {
    totalCount edgeCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id code customerName marketName productType { code internalName }
      pricePerUnit grossPricePerUnit currency availableFrom availableTo } }
  }
}
"""


def test_an_accounts_quotes_newest_first_and_one_by_code(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    clock: FrozenClock,
    catch_up: Callable[[], int],
) -> None:
    number = customer["account_number"]
    first = quoted_id(gql, token, number, line(KIT, 1))
    clock.advance(timedelta(minutes=1))
    second = quote(gql, token, number, line(WATER_BUTT, 2))["data"]["createGoodsQuote"]["goodsQuote"]
    catch_up()
    body = gql(QUOTES, {"accountNumber": number}, token=token)
    assert [q["id"] for q in body["data"]["goodsQuotes"]] == [second["id"], first]
    assert body["data"]["goodsQuotes"][0]["goodsQuotedProducts"] == [
        {"product": "WATER-BUTT-200L", "numberOfUnits": 2, "pricePerUnit": 4999, "netAmount": 9998}
    ]
    by_code = gql(QUOTES, {"quoteCode": second["code"]}, token=token)["data"]["goodsQuotes"]
    assert [q["id"] for q in by_code] == [second["id"]]
    # Expiry is read from the clock.
    clock.advance(timedelta(days=31))
    fresh = token_for(contexts, customer["email"])
    assert gql(QUOTES, {"quoteCode": second["code"]}, token=fresh)["data"]["goodsQuotes"][0]["hasQuoteExpired"]


def test_another_accounts_quotes_are_refused_or_absent(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    stranger: dict[str, str],
    catch_up: Callable[[], int],
) -> None:
    theirs = contexts.goods.create_goods_quote(
        commands.CreateGoodsQuote(
            account_number=stranger["account_number"],
            products=(commands.ProductToQuote(product_id=KIT, number_of_units=1, currency="GBP"),),
        )
    )
    catch_up()
    assert error_codes(gql(QUOTES, {"accountNumber": stranger["account_number"]}, token=token)) == ["KT-CT-1111"]
    assert gql(QUOTES, {"quoteCode": theirs.code}, token=token)["data"]["goodsQuotes"] == []
    assert error_codes(gql(QUOTES, {"quoteCode": theirs.code})) == ["KT-CT-1112"]


def test_an_accounts_purchases_as_they_are_now(
    backend: str, gql: GraphQL, customer: dict[str, str], token: str, catch_up: Callable[[], int]
) -> None:
    number = customer["account_number"]
    made = accept(gql, token, number, quoted_id(gql, token, number, line(WATER_BUTT, 1)), clientParams='{"a": 1}')
    bought = made["data"]["acceptGoodsQuote"]["goodsPurchase"]
    catch_up()
    [listed] = gql(PURCHASES, {"accountNumber": number}, token=token)["data"]["goodsPurchases"]
    assert listed == {
        "id": bought["id"],
        "code": bought["code"],
        "ledgerId": bought["ledgerId"],
        "clientParams": bought["clientParams"],
        "goodsSaleItems": [{"product": "WATER-BUTT-200L", "numberOfUnits": 1, "grossAmount": 5999.0}],
        "goodsGrants": [{"type": "WATER_EFFICIENCY", "grossAmount": 1200.0}],
    }
    purchase(gql, token, number, ("WATER-SAVING-KIT", 1))
    catch_up()
    assert len(gql(PURCHASES, {"accountNumber": number}, token=token)["data"]["goodsPurchases"]) == 2


def test_another_accounts_purchases_are_kt_ct_1111(gql: GraphQL, token: str, stranger: dict[str, str]) -> None:
    assert error_codes(gql(PURCHASES, {"accountNumber": stranger["account_number"]}, token=token)) == ["KT-CT-1111"]


def products(gql: GraphQL, **variables: Any) -> dict[str, Any]:
    found: dict[str, Any] = gql(PRODUCTS, {"market": "GB", **variables})["data"]["goodsProducts"]
    return found


def test_the_catalogue_of_a_market_by_page_and_filter(
    backend: str, gql: GraphQL, contexts: Contexts, catch_up: Callable[[], int]
) -> None:
    contexts.goods.set_product_price(commands.SetProductPrice(code="WATER-SAVING-KIT", price_per_unit=1800))
    catch_up()
    listed = products(gql)
    assert listed["totalCount"] == 3 and listed["edgeCount"] == 3
    butt = listed["edges"][0]["node"]
    assert butt["code"] == "WATER-BUTT-200L" and butt["productType"] == {
        "code": "WATER_BUTT",
        "internalName": "Water butt",
    }
    assert (butt["pricePerUnit"], butt["grossPricePerUnit"], butt["currency"]) == (4999.0, 5999.0, "GBP")
    assert listed["edges"][1]["node"]["pricePerUnit"] == 1800.0
    assert listed["edges"][2]["node"]["pricePerUnit"] is None
    # Pages follow each other by cursor.
    page = products(gql, first=2)
    assert [e["node"]["id"] for e in page["edges"]] == [1, 2] and page["pageInfo"]["hasNextPage"]
    rest = products(gql, first=2, after=page["pageInfo"]["endCursor"])
    assert [e["node"]["id"] for e in rest["edges"]] == [3] and not rest["pageInfo"]["hasNextPage"]
    # Filters, and a market with nothing on sale.
    assert [e["node"]["code"] for e in products(gql, types=["water_saving"])["edges"]] == ["WATER-SAVING-KIT"]
    assert [e["node"]["code"] for e in products(gql, codes=["LEAK-DETECTOR"])["edges"]] == ["LEAK-DETECTOR"]
    assert gql(PRODUCTS, {"market": "FR"})["data"]["goodsProducts"]["edges"] == []
    # A withdrawn product is off the list.
    contexts.goods.withdraw_product(commands.WithdrawProduct(code="LEAK-DETECTOR"))
    catch_up()
    assert products(gql)["totalCount"] == 2


def test_bad_pages_are_refused(gql: GraphQL, catch_up: Callable[[], int]) -> None:
    catch_up()
    assert error_codes(gql(PRODUCTS, {"market": "GB", "first": -1})) == ["KT-CT-1206"]
    forged = base64.urlsafe_b64encode(b'["other",1]').decode()
    assert error_codes(gql(PRODUCTS, {"market": "GB", "after": forged})) == ["KT-CT-1208"]


def test_a_prospects_quote_is_seen_by_an_organisation_only(
    gql: GraphQL, contexts: Contexts, token: str, org_token: str, catch_up: Callable[[], int]
) -> None:
    made = contexts.goods.create_goods_quote_without_account(
        commands.CreateGoodsQuoteWithoutAccount(
            customer_profile=commands.CustomerProfile(
                given_name="Mary",
                family_name="Somerville",
                email="mary@example.com",
                phone_number="07700900456",
                postcode="SW1A 1AA",
                address_lines=("1 Example Street",),
            ),
            products=(commands.ProductToQuote(product_id=KIT, number_of_units=1, currency="GBP"),),
        )
    )
    catch_up()
    assert [q["code"] for q in gql(QUOTES, {"quoteCode": made.code}, token=org_token)["data"]["goodsQuotes"]] == [
        made.code
    ]
    assert gql(QUOTES, {"quoteCode": made.code}, token=token)["data"]["goodsQuotes"] == []
