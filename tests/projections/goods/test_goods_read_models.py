"""The goods read models: the catalogue as it is now, quotes with their acceptance, purchases after each change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from domain.goods import commands
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from projections.goods.products import GoodsProductsView
from projections.pages import Window
from tests.domain.goods.catalogue import KIT, WATER_BUTT, stock


def test_the_catalogue_follows_prices_and_withdrawals(
    backend: str, contexts: Contexts, catch_up: Callable[[], int]
) -> None:
    stock(contexts.goods)
    contexts.goods.set_product_price(commands.SetProductPrice(code="LEAK-DETECTOR", price_per_unit=2500))
    contexts.goods.withdraw_product(commands.WithdrawProduct(code="WATER-SAVING-KIT"))
    catch_up()
    rows = contexts.read.goods_products.catalogue()
    assert [(r["id"], r["price_per_unit"], r["gross_price_per_unit"], r["withdrawn"]) for r in rows] == [
        (WATER_BUTT, 4999, 5999, False),
        (KIT, 1500, 1500, True),
        (3, 2500, 3000, False),
    ]
    view = contexts.read.goods_products
    on_sale = GoodsProductsView.listing((), ())
    [page] = view.pages(on_sale, Window(size=1), ["GB"])
    assert [r["code"] for r in page.rows] == ["WATER-BUTT-200L"] and page.has_next
    [rest] = view.pages(on_sale, Window(size=5, after=page.keys[-1]), ["GB"])
    assert [r["code"] for r in rest.rows] == ["LEAK-DETECTOR"] and not rest.has_next
    assert view.counts(on_sale, ["GB", "FR"]) == [2, 0]
    [typed] = view.pages(GoodsProductsView.listing(("LEAK_DETECTION",), ()), Window(size=5), ["GB"])
    assert [r["code"] for r in typed.rows] == ["LEAK-DETECTOR"]


def test_quotes_and_purchases_of_accounts(
    backend: str, contexts: Contexts, customer: dict[str, str], clock: FrozenClock, catch_up: Callable[[], int]
) -> None:
    stock(contexts.goods)
    number = customer["account_number"]
    line = commands.ProductToQuote(product_id=WATER_BUTT, number_of_units=1, currency="GBP")
    first = contexts.goods.create_goods_quote(commands.CreateGoodsQuote(account_number=number, products=(line,)))
    clock.advance(timedelta(minutes=1))
    second = contexts.goods.create_goods_quote(
        commands.CreateGoodsQuote(account_number=number, products=(line, line), client_params='{"a":1}')
    )
    contexts.goods.accept_goods_quote(commands.AcceptGoodsQuote(account_number=number, quote_id=first.number))
    catch_up()
    [quotes, none] = contexts.read.goods_quotes.quotes_of_accounts([number, "A-NOBODY00"])
    assert none == [] and [q["number"] for q in quotes] == [second.number, first.number]
    assert [q["purchase_number"] for q in quotes] == [None, first.number]
    assert quotes[0]["total_net"] == 9998 and len(quotes[0]["lines"]) == 2
    assert quotes[1]["lines"][0] == {
        "product_id": WATER_BUTT,
        "product_code": "WATER-BUTT-200L",
        "units": 1,
        "unit_price": 4999,
        "net": 4999,
        "gross": 5999,
        "vat_basis_points": 2000,
        "currency": "GBP",
    }
    [[purchase]] = contexts.read.goods_purchases.purchases_of_accounts([number])
    assert (purchase["code"], purchase["amount_due"], purchase["status"]) == (f"GP-{first.number}", 4799, "ACTIVE")
    assert purchase["grants"] == [
        {
            "grant_code": "WATER_EFFICIENCY",
            "product_code": "WATER-BUTT-200L",
            "units": 1,
            "net": 1000,
            "gross": 1200,
            "currency": "GBP",
        }
    ]
    two = commands.ProductToPurchase(product_code="WATER-BUTT-200L", number_of_units=2)
    contexts.goods.update_active_purchase(
        commands.UpdateActivePurchase(
            account_number=number, purchase_id=purchase["code"], items=(two,), market_params='{"m":2}'
        )
    )
    catch_up()
    [[changed]] = contexts.read.goods_purchases.purchases_of_accounts([number])
    assert (changed["amount_due"], changed["market_params"], changed["grants"][0]["units"]) == (
        11998 - 2400,
        '{"m":2}',
        2,
    )
