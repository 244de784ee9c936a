"""The WaterProduct aggregate: one of the supplier's own water products (tariffs), by code.

Household customers in England cannot choose their water supplier, so these are not market
products: they are the supplier's own ways of charging (measured, assessed, WaterSure...) between
which its customers may switch. Prices are decimals of pence, as published: a standing charge per
day and a volumetric rate per cubic metre (an unmeasured product has no volumetric rate, 0).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

_PRODUCTS = uuid5(NAMESPACE_URL, "https://kraken-es/supply/product/")

# A product code is what staff type and customers read on bills: short, upper case, e.g. ST-MEASURED-26.
PRODUCT_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{1,39}")
MAX_NAME, MAX_DESCRIPTION = 100, 1000
# The most a price may be, in pence: far above any water charge, so that a typo in pounds is refused.
MAX_PENCE = Decimal(100_000)


class ProductBasis(StrEnum):
    """How the product charges: for water measured by a meter, or unmeasured (rateable value, assessed)."""

    MEASURED = "MEASURED"
    UNMEASURED = "UNMEASURED"


class ProductInvalid(ValueError):
    """The product's code, names, prices or availability window are malformed."""


class ProductExists(ValueError):
    """A product already has the code."""


def product_code(text: str) -> str | None:
    """A product code in its one spelling (upper case), or None if it cannot be one."""
    code = text.strip().upper()
    return code if PRODUCT_CODE.fullmatch(code) else None


class WaterProduct(Aggregate):
    """A water product: its names, basis, prices and the days it may be quoted and agreed for."""

    @staticmethod
    def id_for(code: str) -> UUID:
        return uuid5(_PRODUCTS, code)

    @classmethod
    def add(
        cls,
        code: str,
        display_name: str,
        description: str,
        basis: ProductBasis,
        standing_charge: Decimal,
        volumetric_rate: Decimal,
        available_from: date,
        available_to: date | None,
        at: datetime,
    ) -> WaterProduct:
        spelled = product_code(code)
        if spelled is None:
            raise ProductInvalid(f"'{code}' is not a product code (2 to 40 of A-Z, 0-9 and '-').")
        if not display_name.strip() or len(display_name) > MAX_NAME or len(description) > MAX_DESCRIPTION:
            raise ProductInvalid(
                f"A product needs a display name of at most {MAX_NAME} characters and a description of at most "
                f"{MAX_DESCRIPTION}."
            )
        for name, price in (("standing charge", standing_charge), ("volumetric rate", volumetric_rate)):
            if not price.is_finite() or price < 0 or price > MAX_PENCE:
                raise ProductInvalid(f"The {name} must be between 0 and {MAX_PENCE} pence.")
        if basis is ProductBasis.UNMEASURED and volumetric_rate:
            raise ProductInvalid("An unmeasured product charges no volumetric rate.")
        if available_to is not None and available_to < available_from:
            raise ProductInvalid("A product's availability cannot end before it begins.")
        return cls._create(
            cls.Added,
            id=cls.id_for(spelled),
            code=spelled,
            display_name=display_name.strip(),
            description=description.strip(),
            basis=basis,
            standing_charge=standing_charge,
            volumetric_rate=volumetric_rate,
            available_from=available_from,
            available_to=available_to,
            added_at=at,
        )

    class Added(Aggregate.Created):
        code: str
        display_name: str
        description: str
        basis: ProductBasis
        standing_charge: Decimal
        volumetric_rate: Decimal
        available_from: date
        available_to: date | None
        added_at: datetime

    @event(Added)
    def __init__(
        self,
        code: str,
        display_name: str,
        description: str,
        basis: ProductBasis,
        standing_charge: Decimal,
        volumetric_rate: Decimal,
        available_from: date,
        available_to: date | None,
        added_at: datetime,
    ) -> None:
        self.code, self.display_name, self.description, self.basis = code, display_name, description, basis
        self.standing_charge, self.volumetric_rate = standing_charge, volumetric_rate
        self.available_from, self.available_to = available_from, available_to
        self.added_at = added_at

    def available_on(self, day: date) -> bool:
        return self.available_from <= day and (self.available_to is None or day <= self.available_to)
