"""Helpers of the products tests: the demo's catalogue of water products, and a quote for a home."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.supply import commands
from domain.supply.application import Supply
from domain.supply.quote import SupplyQuote

CATALOGUE = (
    commands.AddProduct(
        code="ST-MEASURED-26",
        display_name="Measured water 2026",
        basis="MEASURED",
        standing_charge=Decimal("10.52"),
        volumetric_rate=Decimal("183.40"),
        available_from=date(2025, 4, 1),
    ),
    commands.AddProduct(
        code="ST-WATERSURE-26",
        display_name="WaterSure 2026",
        description="Capped at the average household bill, for large families and medical needs.",
        basis="MEASURED",
        standing_charge=Decimal("8.10"),
        volumetric_rate=Decimal("121.95"),
        available_from=date(2025, 4, 1),
    ),
    commands.AddProduct(
        code="ST-ASSESSED-26",
        display_name="Assessed charge 2026",
        basis="UNMEASURED",
        standing_charge=Decimal("95.30"),
        available_from=date(2025, 4, 1),
    ),
)


def catalogue(supply: Supply) -> None:
    for product in CATALOGUE:
        supply.add_product(product)


def quote(supply: Supply, account_number: str, property_id: str, *codes: str) -> SupplyQuote:
    return supply.quote_products(
        commands.QuoteProducts(
            account_number=account_number,
            property_id=property_id,
            product_codes=codes or ("ST-WATERSURE-26", "ST-ASSESSED-26"),
        )
    )
