"""createGoodsQuote: a basket priced at today's catalogue prices for an account, kept as quoted."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.goods import commands
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.goods.conftest import line, quote
from tests.domain.goods.catalogue import KIT, LEAK_DETECTOR, WATER_BUTT
from tests.helpers import GraphQL, refused_with

pytestmark = pytest.mark.usefixtures("stocked")


def test_a_quote_prices_each_line_at_todays_prices(
    backend: str, gql: GraphQL, customer: dict[str, str], token: str, clock: FrozenClock
) -> None:
    # when
    body = quote(gql, token, customer["account_number"], line(WATER_BUTT, 2), line(KIT, 1))
    # then
    quoted = body["data"]["createGoodsQuote"]["goodsQuote"]
    assert quoted["totalNetAmount"] == 2 * 4999 + 1500
    assert quoted["hasQuoteExpired"] is False
    assert isinstance(quoted["id"], int) and quoted["code"].startswith("GQ") and len(quoted["code"]) == 22
    assert quoted["goodsQuotedProducts"] == [
        {"product": "WATER-BUTT-200L", "numberOfUnits": 2, "pricePerUnit": 4999, "netAmount": 9998, "currency": "GBP"},
        {"product": "WATER-SAVING-KIT", "numberOfUnits": 1, "pricePerUnit": 1500, "netAmount": 1500, "currency": "GBP"},
    ]


def test_a_later_price_change_leaves_the_quote_as_quoted_and_it_expires_after_thirty_days(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, clock: FrozenClock
) -> None:
    body = quote(gql, token, customer["account_number"], line(WATER_BUTT, 1))
    code = body["data"]["createGoodsQuote"]["goodsQuote"]["code"]
    contexts.goods.set_product_price(commands.SetProductPrice(code="WATER-BUTT-200L", price_per_unit=9999))
    stored = contexts.goods.quote(code)
    assert stored is not None and stored.total_net == 4999
    assert stored.expires_at == clock.now() + timedelta(days=30)


def test_a_customer_may_not_set_their_own_price_but_may_repeat_the_catalogues(
    gql: GraphQL, customer: dict[str, str], token: str
) -> None:
    refused_with(quote(gql, token, customer["account_number"], line(WATER_BUTT, 1, pricePerUnit=1)), "KT-CT-8202")
    body = quote(gql, token, customer["account_number"], line(WATER_BUTT, 1, pricePerUnit=4999))
    assert body["data"]["createGoodsQuote"]["goodsQuote"]["totalNetAmount"] == 4999


def test_an_organisation_quotes_its_own_price(gql: GraphQL, customer: dict[str, str], org_token: str) -> None:
    body = quote(gql, org_token, customer["account_number"], line(LEAK_DETECTOR, 2, pricePerUnit=3000))
    assert body["data"]["createGoodsQuote"]["goodsQuote"]["totalNetAmount"] == 6000


@pytest.mark.parametrize(
    "lines",
    [
        [],
        [line(99, 1)],
        [line(WATER_BUTT, 0)],
        [line(WATER_BUTT, 1001)],
        [line(WATER_BUTT, 1, currency="EUR")],
        [line(WATER_BUTT, 1, pricePerUnit=-1)],
    ],
)
def test_products_that_cannot_be_quoted_are_kt_ct_8202(
    gql: GraphQL, customer: dict[str, str], token: str, lines: list[dict[str, object]]
) -> None:
    refused_with(quote(gql, token, customer["account_number"], *lines), "KT-CT-8202")


def test_a_withdrawn_product_is_kt_ct_8202(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str
) -> None:
    contexts.goods.withdraw_product(commands.WithdrawProduct(code="WATER-SAVING-KIT"))
    refused_with(quote(gql, token, customer["account_number"], line(KIT, 1)), "KT-CT-8202")


def test_client_params_that_are_not_an_object_are_kt_ct_8202(
    gql: GraphQL, customer: dict[str, str], token: str
) -> None:
    refused_with(quote(gql, token, customer["account_number"], line(KIT, 1), clientParams=[1, 2]), "KT-CT-8202")


def test_a_product_without_a_price_is_kt_ct_8205(gql: GraphQL, customer: dict[str, str], token: str) -> None:
    refused_with(quote(gql, token, customer["account_number"], line(LEAK_DETECTOR, 1)), "KT-CT-8205")


def test_another_customers_account_is_kt_ct_1111(gql: GraphQL, stranger: dict[str, str], token: str) -> None:
    refused_with(quote(gql, token, stranger["account_number"], line(KIT, 1)), "KT-CT-1111")


def test_without_a_login_it_is_kt_ct_1112(gql: GraphQL, customer: dict[str, str]) -> None:
    body = gql(
        "mutation Q($input: CreateGoodsQuoteInput!) { createGoodsQuote(input: $input) { goodsQuote { id } } }",
        {"input": {"accountNumber": customer["account_number"], "productsToQuote": [line(KIT, 1)]}},
    )
    refused_with(body, "KT-CT-1112")


def test_an_organisation_naming_an_account_that_does_not_exist_is_kt_ct_8202(gql: GraphQL, org_token: str) -> None:
    refused_with(quote(gql, org_token, "A-NOSUCH00", line(KIT, 1)), "KT-CT-8202")
