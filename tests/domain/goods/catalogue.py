"""The demo-like catalogue the goods tests buy from: two priced water products, one without a price,
and a grant on the water butt."""

from __future__ import annotations

from domain.goods import commands
from domain.goods.application import Goods

WATER_BUTT, KIT, LEAK_DETECTOR = 1, 2, 3


def stock(goods: Goods) -> None:
    goods.add_product(
        commands.AddProduct(
            code="WATER-BUTT-200L",
            market_name="GB",
            product_type="WATER_BUTT",
            product_type_name="Water butt",
            customer_name="200 litre water butt",
            price_per_unit=4999,
            vat_basis_points=2000,
        )
    )
    goods.add_product(
        commands.AddProduct(
            code="WATER-SAVING-KIT",
            market_name="GB",
            product_type="WATER_SAVING",
            product_type_name="Water-saving kit",
            customer_name="Water-saving kit",
            price_per_unit=1500,
            vat_basis_points=0,
        )
    )
    goods.add_product(
        commands.AddProduct(
            code="LEAK-DETECTOR",
            market_name="GB",
            product_type="LEAK_DETECTION",
            product_type_name="Leak detector",
            customer_name="Smart leak detector",
            price_per_unit=None,
            vat_basis_points=2000,
        )
    )
    goods.add_grant(
        commands.AddGrant(code="WATER_EFFICIENCY", product_code="WATER-BUTT-200L", amount_per_unit=1000, max_units=2)
    )
