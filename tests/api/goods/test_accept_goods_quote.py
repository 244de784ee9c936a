"""acceptGoodsQuote: the account buys a quote's products at the quoted prices, once, charged to its ledger."""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from domain.goods import commands
from domain.goods.errors import GoodsQuoteAcceptanceInvalid
from domain.goods.purchase import GoodsPurchase
from domain.payments.ledger import main_ledger_number
from domain.shared.clock import FrozenClock
from domain.shared.errors import KrakenError
from projections.contexts import Contexts
from tests.api.goods.conftest import accept, ledger_balance, line, quoted_id
from tests.api.loyalty.conftest import token_for
from tests.domain.goods.catalogue import KIT, WATER_BUTT
from tests.helpers import GraphQL, refused_with

pytestmark = pytest.mark.usefixtures("stocked")


def test_accepting_buys_at_the_quoted_prices_with_the_grant_and_charges_the_ledger(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    catch_up: Callable[[], int],
) -> None:
    # given: a quote, then a price rise
    number = customer["account_number"]
    quote_id = quoted_id(gql, token, number, line(WATER_BUTT, 3), line(KIT, 1))
    contexts.goods.set_product_price(commands.SetProductPrice(code="WATER-BUTT-200L", price_per_unit=9999))
    # when
    body = accept(gql, token, number, quote_id, marketParams='{"channel": "web"}')
    # then
    bought = body["data"]["acceptGoodsQuote"]["goodsPurchase"]
    assert bought["id"] == str(quote_id) and bought["code"] == f"GP-{quote_id}"
    assert bought["ledgerId"] == main_ledger_number(number)
    assert json.loads(bought["marketParams"]) == {"channel": "web"} and bought["clientParams"] is None
    assert bought["goodsSaleItems"] == [
        {
            "product": "WATER-BUTT-200L",
            "numberOfUnits": 3,
            "pricePerUnit": 4999.0,
            "netAmount": 14997.0,
            "grossAmount": 17996.0,
            "currency": "GBP",
        },
        {
            "product": "WATER-SAVING-KIT",
            "numberOfUnits": 1,
            "pricePerUnit": 1500.0,
            "netAmount": 1500.0,
            "grossAmount": 1500.0,
            "currency": "GBP",
        },
    ]
    # Two units at most per account: 10.00 off each, with VAT.
    assert bought["goodsGrants"] == [
        {"type": "WATER_EFFICIENCY", "netAmount": 2000.0, "grossAmount": 2400.0, "currency": "GBP"}
    ]
    assert ledger_balance(contexts, number, catch_up) == -(17996 + 1500 - 2400)


def test_accepting_again_is_kt_ct_8224_and_charges_once(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, catch_up: Callable[[], int]
) -> None:
    number = customer["account_number"]
    quote_id = quoted_id(gql, token, number, line(KIT, 2))
    assert accept(gql, token, number, quote_id)["data"]["acceptGoodsQuote"]["goodsPurchase"]["code"]
    refused_with(accept(gql, token, number, quote_id), "KT-CT-8224")
    assert ledger_balance(contexts, number, catch_up) == -3000
    # The reaction seeing the purchase again (a redelivery) posts nothing more.
    catch_up()
    assert ledger_balance(contexts, number, catch_up) == -3000


def test_accepting_at_once_from_many_threads_makes_one_purchase_and_one_charge(
    backend: str, contexts: Contexts, customer: dict[str, str], catch_up: Callable[[], int]
) -> None:
    number = customer["account_number"]
    made = contexts.goods.create_goods_quote(
        commands.CreateGoodsQuote(
            account_number=number,
            products=(commands.ProductToQuote(product_id=KIT, number_of_units=1, currency="GBP"),),
        )
    )

    def accept_once() -> str:
        try:
            contexts.goods.accept_goods_quote(commands.AcceptGoodsQuote(account_number=number, quote_id=made.number))
        except GoodsQuoteAcceptanceInvalid:
            return "refused"
        return "bought"

    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = list(pool.map(lambda _: accept_once(), range(6)))
    assert sorted(outcomes) == ["bought"] + ["refused"] * 5
    catch_up()
    made_events = [
        n
        for n in contexts.goods.recorder.select_notifications(start=1, limit=1000)
        if n.topic.endswith("Purchase.Made")
    ]
    assert len(made_events) == 1
    ledger = contexts.payments.ledger_of(number)
    assert ledger is not None and ledger.balance == -1500
    entries = [e for e in contexts.payments.repository.event_store.get(ledger.id) if e.__class__.__name__ == "Posted"]
    assert [e.amount for e in entries] == [-1500]
    assert sum(e.amount for e in entries) == ledger.balance


def test_an_expired_quote_is_kt_ct_8224(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, clock: FrozenClock
) -> None:
    quote_id = quoted_id(gql, token, customer["account_number"], line(KIT, 1))
    clock.advance(timedelta(days=30))
    fresh = token_for(contexts, customer["email"])
    refused_with(accept(gql, fresh, customer["account_number"], quote_id), "KT-CT-8224")


@pytest.mark.parametrize("params", [{"clientParams": "[1]"}, {"marketParams": "not json"}, {"marketParams": "3"}])
def test_params_that_are_not_json_objects_are_kt_ct_8224(
    gql: GraphQL, customer: dict[str, str], token: str, params: dict[str, str]
) -> None:
    quote_id = quoted_id(gql, token, customer["account_number"], line(KIT, 1))
    refused_with(accept(gql, token, customer["account_number"], quote_id, **params), "KT-CT-8224")


def test_an_unknown_quote_or_another_accounts_is_kt_ct_8201(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, stranger: dict[str, str]
) -> None:
    refused_with(accept(gql, token, customer["account_number"], 1234567), "KT-CT-8201")
    theirs = contexts.goods.create_goods_quote(
        commands.CreateGoodsQuote(
            account_number=stranger["account_number"],
            products=(commands.ProductToQuote(product_id=KIT, number_of_units=1, currency="GBP"),),
        )
    )
    refused_with(accept(gql, token, customer["account_number"], theirs.number), "KT-CT-8201")


def test_another_customers_account_is_kt_ct_8223(
    gql: GraphQL, customer: dict[str, str], token: str, stranger: dict[str, str]
) -> None:
    quote_id = quoted_id(gql, token, customer["account_number"], line(KIT, 1))
    refused_with(accept(gql, token, stranger["account_number"], quote_id), "KT-CT-8223")


def test_without_a_login_it_is_kt_ct_1112(gql: GraphQL, customer: dict[str, str]) -> None:
    refused_with(accept(gql, None, customer["account_number"], 1234567), "KT-CT-1112")  # type: ignore[arg-type]


def test_nothing_is_recorded_for_a_refusal(contexts: Contexts, customer: dict[str, str]) -> None:
    with pytest.raises(KrakenError):
        contexts.goods.accept_goods_quote(
            commands.AcceptGoodsQuote(account_number=customer["account_number"], quote_id=7654321)
        )
    assert contexts.goods.find(GoodsPurchase.id_for(7654321)) is None
