"""updateActivePurchase: an active purchase's items replaced at today's prices, its grants worked out again,
and its ledger charge reversed and posted again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from domain.goods import commands
from projections.contexts import Contexts
from tests.api.goods.conftest import ledger_balance, purchase
from tests.helpers import GraphQL, refused_with

pytestmark = pytest.mark.usefixtures("stocked")

UPDATE = """
mutation UpdateActivePurchase($input: UpdatePurchaseInput!) {
  updateActivePurchase(input: $input) {
    goodsPurchase { id code clientParams
      goodsSaleItems { product numberOfUnits grossAmount }
      goodsGrants { type netAmount grossAmount } }
  }
}
"""


def update(
    gql: GraphQL, token: str, account_number: str, purchase_id: str, *items: tuple[str, int], **extra: Any
) -> dict[str, Any]:
    sale_items = [{"productCode": code, "numberOfUnits": units} for code, units in items]
    variables = {"accountNumber": account_number, "purchaseId": purchase_id, "saleItems": sale_items, **extra}
    return gql(UPDATE, {"input": variables}, token=token)


def bought(gql: GraphQL, token: str, account_number: str, *items: tuple[str, int]) -> dict[str, Any]:
    made: dict[str, Any] = purchase(gql, token, account_number, *items)["data"]["createGoodsPurchase"]["goodsPurchase"]
    return made


def test_new_items_reverse_the_charge_and_charge_the_new_amount(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    catch_up: Callable[[], int],
) -> None:
    # given: one water butt, with its grant
    number = customer["account_number"]
    made = bought(gql, token, number, ("WATER-BUTT-200L", 1))
    assert ledger_balance(contexts, number, catch_up) == -(5999 - 1200)
    # when: by id, then by code
    body = update(gql, token, number, made["id"], ("WATER-BUTT-200L", 2), ("WATER-SAVING-KIT", 1))
    changed = body["data"]["updateActivePurchase"]["goodsPurchase"]
    assert changed["code"] == made["code"]
    assert changed["goodsGrants"] == [{"type": "WATER_EFFICIENCY", "netAmount": 2000.0, "grossAmount": 2400.0}]
    # then
    # VAT on the line of two (net 9998) is 1999.6, rounded half up to 2000.
    assert changed["goodsSaleItems"][0] == {"product": "WATER-BUTT-200L", "numberOfUnits": 2, "grossAmount": 11998.0}
    assert ledger_balance(contexts, number, catch_up) == -(11998 + 1500 - 2400)
    update(gql, token, number, made["code"], ("WATER-BUTT-200L", 1))
    assert ledger_balance(contexts, number, catch_up) == -(5999 - 1200)
    # Every entry is posted once however often the reactions run, and the balance is their sum.
    catch_up()
    ledger = contexts.payments.ledger_of(number)
    assert ledger is not None
    posted = [e for e in contexts.payments.repository.event_store.get(ledger.id) if type(e).__name__ == "Posted"]
    assert [e.amount for e in posted] == [-4799, 4799, -11098, 11098, -4799]
    assert len({e.source for e in posted}) == len(posted)
    assert sum(e.amount for e in posted) == ledger.balance


def test_an_unknown_purchase_or_another_accounts_is_kt_ct_8225(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, stranger: dict[str, str]
) -> None:
    refused_with(update(gql, token, customer["account_number"], "GP-1234567", ("WATER-SAVING-KIT", 1)), "KT-CT-8225")
    refused_with(update(gql, token, customer["account_number"], "nonsense", ("WATER-SAVING-KIT", 1)), "KT-CT-8225")
    theirs = contexts.goods.create_goods_purchase(
        commands.CreateGoodsPurchase(
            account_number=stranger["account_number"],
            items=(commands.ProductToPurchase(product_code="WATER-SAVING-KIT", number_of_units=1),),
        )
    )
    refused_with(update(gql, token, customer["account_number"], theirs.code, ("WATER-SAVING-KIT", 1)), "KT-CT-8225")
    refused_with(update(gql, token, stranger["account_number"], theirs.code, ("WATER-SAVING-KIT", 1)), "KT-CT-8225")


def test_a_completed_purchase_is_kt_ct_8226(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str
) -> None:
    made = bought(gql, token, customer["account_number"], ("WATER-SAVING-KIT", 1))
    assert contexts.goods.complete_purchase(commands.CompletePurchase(code=made["code"])) is True
    refused_with(update(gql, token, customer["account_number"], made["id"], ("WATER-SAVING-KIT", 2)), "KT-CT-8226")


@pytest.mark.parametrize(
    "items,params",
    [
        ([], {}),
        ([("NO-SUCH-THING", 1)], {}),
        ([("WATER-SAVING-KIT", 0)], {}),
        ([("WATER-SAVING-KIT", 1)], {"clientParams": "1"}),
    ],
)
def test_invalid_items_are_kt_ct_8206(
    gql: GraphQL, customer: dict[str, str], token: str, items: list[tuple[str, int]], params: dict[str, str]
) -> None:
    made = bought(gql, token, customer["account_number"], ("WATER-SAVING-KIT", 1))
    refused_with(update(gql, token, customer["account_number"], made["id"], *items, **params), "KT-CT-8206")


def test_a_held_grant_that_no_longer_applies_is_kt_ct_8227_and_nothing_changes(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, catch_up: Callable[[], int]
) -> None:
    number = customer["account_number"]
    made = bought(gql, token, number, ("WATER-BUTT-200L", 1))
    # The grant's product leaves the basket.
    refused_with(update(gql, token, number, made["id"], ("WATER-SAVING-KIT", 1)), "KT-CT-8227")
    # The grant is withdrawn from the catalogue.
    contexts.goods.withdraw_grant(commands.WithdrawGrant(code="WATER_EFFICIENCY"))
    refused_with(update(gql, token, number, made["id"], ("WATER-BUTT-200L", 2)), "KT-CT-8227")
    stored = contexts.goods.purchase(made["code"])
    assert stored is not None and stored.revision == 0 and stored.amount_due == 4799
    assert ledger_balance(contexts, number, catch_up) == -4799


def test_without_a_login_it_is_kt_ct_1112(gql: GraphQL, customer: dict[str, str]) -> None:
    refused_with(update(gql, None, customer["account_number"], "GP-1", ("WATER-SAVING-KIT", 1)), "KT-CT-1112")  # type: ignore[arg-type]
