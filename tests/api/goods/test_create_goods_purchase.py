"""createGoodsPurchase: goods bought directly at today's catalogue prices, charged to the account's ledger."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from domain.goods import commands
from projections.contexts import Contexts
from settings import Settings
from tests.api.goods.conftest import ledger_balance, purchase
from tests.api.pages.visiting import emails
from tests.helpers import GraphQL, refused_with

pytestmark = pytest.mark.usefixtures("stocked")


def test_a_purchase_uses_todays_prices_and_grants_and_is_charged_once(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    catch_up: Callable[[], int],
) -> None:
    # given
    number = customer["account_number"]
    contexts.goods.set_product_price(commands.SetProductPrice(code="WATER-BUTT-200L", price_per_unit=4000))
    # when
    body = purchase(gql, token, number, ("water-butt-200l", 1), clientParams='{"basket": 7}')
    # then
    bought = body["data"]["createGoodsPurchase"]["goodsPurchase"]
    assert bought["code"] == f"GP-{bought['id']}" and json.loads(bought["clientParams"]) == {"basket": 7}
    assert [(i["product"], i["pricePerUnit"], i["grossAmount"]) for i in bought["goodsSaleItems"]] == [
        ("WATER-BUTT-200L", 4000.0, 4800.0)
    ]
    assert bought["goodsGrants"] == [
        {"type": "WATER_EFFICIENCY", "netAmount": 1000.0, "grossAmount": 1200.0, "currency": "GBP"}
    ]
    assert ledger_balance(contexts, number, catch_up) == -3600
    catch_up()
    assert ledger_balance(contexts, number, catch_up) == -3600


def test_the_grant_cap_holds_across_the_accounts_purchases(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str
) -> None:
    number = customer["account_number"]
    first = purchase(gql, token, number, ("WATER-BUTT-200L", 1))["data"]["createGoodsPurchase"]["goodsPurchase"]
    second = purchase(gql, token, number, ("WATER-BUTT-200L", 3))["data"]["createGoodsPurchase"]["goodsPurchase"]
    third = purchase(gql, token, number, ("WATER-BUTT-200L", 1))["data"]["createGoodsPurchase"]["goodsPurchase"]
    assert [p["goodsGrants"][0]["netAmount"] for p in (first, second)] == [1000.0, 1000.0]
    assert third["goodsGrants"] == []


@pytest.mark.parametrize(
    "items,params",
    [
        ([], {}),
        ([("NO-SUCH-THING", 1)], {}),
        ([("WATER-SAVING-KIT", 0)], {}),
        ([("WATER-SAVING-KIT", -2)], {}),
        ([("LEAK-DETECTOR", 1)], {}),
        ([("WATER-SAVING-KIT", 1)], {"clientParams": "[]"}),
        ([("WATER-SAVING-KIT", 1)], {"marketParams": "{nope"}),
    ],
)
def test_items_that_cannot_be_bought_today_are_kt_ct_8206(
    gql: GraphQL,
    customer: dict[str, str],
    token: str,
    items: list[tuple[str, int]],
    params: dict[str, str],
) -> None:
    refused_with(purchase(gql, token, customer["account_number"], *items, **params), "KT-CT-8206")


def test_a_withdrawn_product_is_kt_ct_8206(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str
) -> None:
    contexts.goods.withdraw_product(commands.WithdrawProduct(code="WATER-SAVING-KIT"))
    refused_with(purchase(gql, token, customer["account_number"], ("WATER-SAVING-KIT", 1)), "KT-CT-8206")


def test_params_longer_than_their_bound_are_kt_ct_8206(gql: GraphQL, customer: dict[str, str], token: str) -> None:
    params = json.dumps({"note": "x" * 5000})
    refused_with(
        purchase(gql, token, customer["account_number"], ("WATER-SAVING-KIT", 1), marketParams=params), "KT-CT-8206"
    )


def test_another_customers_account_is_kt_ct_1131(gql: GraphQL, token: str, stranger: dict[str, str]) -> None:
    refused_with(purchase(gql, token, stranger["account_number"], ("WATER-SAVING-KIT", 1)), "KT-CT-1131")


def test_without_a_login_it_is_kt_ct_1112(gql: GraphQL, customer: dict[str, str]) -> None:
    refused_with(purchase(gql, None, customer["account_number"], ("WATER-SAVING-KIT", 1)), "KT-CT-1112")  # type: ignore[arg-type]


def test_a_bad_token_is_kt_ct_1111(gql: GraphQL, customer: dict[str, str]) -> None:
    refused_with(purchase(gql, "not-a-token", customer["account_number"], ("WATER-SAVING-KIT", 1)), "KT-CT-1111")


def test_the_accounts_users_are_emailed_a_confirmation_once(
    gql: GraphQL, settings: Settings, customer: dict[str, str], token: str, catch_up: Callable[[], int]
) -> None:
    made = purchase(gql, token, customer["account_number"], ("WATER-SAVING-KIT", 2))
    code = made["data"]["createGoodsPurchase"]["goodsPurchase"]["code"]
    catch_up()
    catch_up()
    [sent] = emails(settings)
    assert sent["To"] == customer["email"] and sent["Subject"] == "Your purchase"
    assert code in sent.get_content() and "£30.00 will be charged" in sent.get_content()


def test_an_organisation_naming_an_account_that_does_not_exist_is_kt_ct_8206(gql: GraphQL, org_token: str) -> None:
    refused_with(purchase(gql, org_token, "A-NOSUCH00", ("WATER-SAVING-KIT", 1)), "KT-CT-8206")
