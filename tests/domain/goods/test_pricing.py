"""Pricing a basket: VAT per line rounded half up, grants never above a line, capped per account."""

from __future__ import annotations

from datetime import date

from domain.goods.catalogue import GoodsGrantOffer, GoodsProduct, vat
from domain.goods.pricing import amount_due, granted, priced_line


def product(price: int, rate: int) -> GoodsProduct:
    return GoodsProduct(
        id=1,
        code="WATER-BUTT-200L",
        market_name="GB",
        product_type="WATER_BUTT",
        product_type_name="Water butt",
        internal_name="WATER-BUTT-200L",
        customer_name="Water butt",
        description="",
        notes="",
        available_from=date(2026, 1, 1),
        available_to=None,
        price_per_unit=price,
        vat_basis_points=rate,
        currency="GBP",
    )


def offer(amount: int, max_units: int) -> GoodsGrantOffer:
    return GoodsGrantOffer(
        code="WATER_EFFICIENCY",
        product_code="WATER-BUTT-200L",
        amount_per_unit=amount,
        max_units=max_units,
        currency="GBP",
    )


def test_vat_is_rounded_half_up_on_the_line() -> None:
    assert vat(9998, 2000) == 2000  # 1999.6
    assert vat(25, 2000) == 5
    assert vat(2, 2500) == 1  # 0.5 rounds up
    assert vat(1, 2000) == 0  # 0.2 rounds down
    line = priced_line(product(4999, 2000), 2, 4999)
    assert (line.net, line.gross) == (9998, 11998)


def test_a_grant_takes_its_amount_off_as_many_units_as_there_is_room_for() -> None:
    line = priced_line(product(4999, 2000), 3, 4999)
    grants, taken = granted([line], [offer(1000, 2)], {"WATER_EFFICIENCY": 2})
    assert [(g.units, g.net, g.gross) for g in grants] == [(2, 2000, 2400)] and taken == {"WATER_EFFICIENCY": 2}
    assert amount_due([line], grants) == 17996 - 2400


def test_no_room_no_grant_and_a_grant_never_exceeds_the_line() -> None:
    line = priced_line(product(500, 0), 1, 500)
    assert granted([line], [offer(1000, 2)], {"WATER_EFFICIENCY": 0}) == ((), {})
    grants, _ = granted([line], [offer(1000, 2)], {"WATER_EFFICIENCY": 2})
    assert [(g.units, g.net) for g in grants] == [(1, 500)]
    assert amount_due([line], grants) == 0
