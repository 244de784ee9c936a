"""The goods application's rules, without the API: the catalogue, quotes, acceptance once, grants per account."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.goods import commands
from domain.goods.application import Goods
from domain.goods.catalogue import CatalogueInvalid
from domain.goods.purchase import GoodsPurchase, parse_purchase_id
from domain.goods.quote import GoodsQuote
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.domain.goods.catalogue import KIT, WATER_BUTT, stock
from tests.helpers import refused


@pytest.fixture
def goods(contexts: Contexts) -> Goods:
    stock(contexts.goods)
    return contexts.goods


@pytest.fixture
def ada(contexts: Contexts) -> str:
    return contexts.accounts.open_account("Ada Lovelace").number


@pytest.fixture
def charles(contexts: Contexts) -> str:
    return contexts.accounts.open_account("Charles Babbage").number


def quoted(goods: Goods, account: str, *lines: tuple[int, int]) -> GoodsQuote:
    products = tuple(commands.ProductToQuote(product_id=p, number_of_units=u, currency="GBP") for p, u in lines)
    return goods.create_goods_quote(commands.CreateGoodsQuote(account_number=account, products=products))


def bought(goods: Goods, account: str, code: str, units: int) -> GoodsPurchase:
    item = commands.ProductToPurchase(product_code=code, number_of_units=units)
    return goods.create_goods_purchase(commands.CreateGoodsPurchase(account_number=account, items=(item,)))


def test_product_ids_are_drawn_in_order_and_codes_are_unique(goods: Goods) -> None:
    assert [p.id for p in goods.products()] == [1, 2, 3]
    with pytest.raises(CatalogueInvalid):
        goods.add_product(
            commands.AddProduct(
                code="water-butt-200l",
                market_name="GB",
                product_type="X",
                product_type_name="X",
                customer_name="X",
                price_per_unit=1,
                vat_basis_points=0,
            )
        )
    with pytest.raises(CatalogueInvalid):
        goods.set_product_price(commands.SetProductPrice(code="WATER-SAVING-KIT", price_per_unit=-1))


def test_a_quote_is_bought_once_at_its_prices_and_its_purchase_takes_its_number(
    goods: Goods, ada: str, charles: str
) -> None:
    quote = quoted(goods, ada, (WATER_BUTT, 1))
    goods.set_product_price(commands.SetProductPrice(code="WATER-BUTT-200L", price_per_unit=1))
    purchase = goods.accept_goods_quote(commands.AcceptGoodsQuote(account_number=ada, quote_id=quote.number))
    assert (purchase.number, purchase.quote_number, purchase.items[0].unit_price) == (quote.number, quote.number, 4999)
    accepted = goods.quote(quote.code)
    assert accepted is not None and accepted.accepted
    accept_again = commands.AcceptGoodsQuote(account_number=ada, quote_id=quote.number)
    refused("KT-CT-8224", goods.accept_goods_quote, accept_again)
    refused(
        "KT-CT-8201", goods.accept_goods_quote, commands.AcceptGoodsQuote(account_number=charles, quote_id=quote.number)
    )


def test_a_quote_expires_after_its_validity(goods: Goods, ada: str, clock: FrozenClock) -> None:
    quote = quoted(goods, ada, (KIT, 1))
    clock.advance(timedelta(days=30) - timedelta(seconds=1))
    assert not quote.expired(clock.now())
    clock.advance(timedelta(seconds=1))
    refused(
        "KT-CT-8224", goods.accept_goods_quote, commands.AcceptGoodsQuote(account_number=ada, quote_id=quote.number)
    )


def test_an_account_that_does_not_exist_is_neither_quoted_nor_sold_to(goods: Goods) -> None:
    line = commands.ProductToQuote(product_id=KIT, number_of_units=1, currency="GBP")
    refused(
        "KT-CT-8202", goods.create_goods_quote, commands.CreateGoodsQuote(account_number="A-NOSUCH00", products=(line,))
    )
    refused("KT-CT-8206", bought, goods, "A-NOSUCH00", "WATER-SAVING-KIT", 1)


def test_grants_are_capped_per_account_and_released_by_a_change(goods: Goods, ada: str, charles: str) -> None:
    first = bought(goods, ada, "WATER-BUTT-200L", 2)
    second = bought(goods, ada, "WATER-BUTT-200L", 2)
    assert [g.units for g in first.grants] == [2] and second.grants == ()
    # The first purchase keeps one water butt: one unit of the cap is free for the account's next purchase.
    one = commands.ProductToPurchase(product_code="WATER-BUTT-200L", number_of_units=1)
    goods.update_active_purchase(
        commands.UpdateActivePurchase(account_number=ada, purchase_id=str(first.number), items=(one,))
    )
    third = bought(goods, ada, "WATER-BUTT-200L", 2)
    assert [g.units for g in third.grants] == [1]
    # Another account has a cap of its own.
    assert [g.units for g in bought(goods, charles, "WATER-BUTT-200L", 2).grants] == [2]


def test_purchase_ids_are_numbers_or_codes() -> None:
    assert (
        parse_purchase_id("GP-1234567") == parse_purchase_id(" 1234567 ") == parse_purchase_id("gp-1234567") == 1234567
    )
    assert parse_purchase_id("GP-") is None and parse_purchase_id("12345678901") is None
    assert parse_purchase_id("-5") is None


def test_a_completed_purchase_cannot_change(goods: Goods, ada: str) -> None:
    made = bought(goods, ada, "WATER-SAVING-KIT", 1)
    assert goods.complete_purchase(commands.CompletePurchase(code=made.code))
    assert not goods.complete_purchase(commands.CompletePurchase(code=made.code))
    kit = commands.ProductToPurchase(product_code="WATER-SAVING-KIT", number_of_units=1)
    refused(
        "KT-CT-8226",
        goods.update_active_purchase,
        commands.UpdateActivePurchase(account_number=ada, purchase_id=made.code, items=(kit,)),
    )
