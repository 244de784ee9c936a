"""The GoodsCatalogue aggregate: the goods on sale (water butts, water-saving kits...) and the grants
that pay for part of them.

One aggregate at a fixed id holds every product and grant: a catalogue has dozens of entries, and an
operator changes it rarely, so one stream is small and lets product ids be drawn in order inside it
(Kraken's `productId: Int`): two operators adding at once conflict, and the retry draws the next id.

Prices are integer minor units, net of VAT; the VAT rate is a product attribute in basis points
(2000 = 20%). A line's gross amount is its net plus VAT on the line, rounded half up.

A grant (e.g. WATER_EFFICIENCY) takes `amount_per_unit` off the net price of each unit of one
product, for at most `max_units` units per account across all its purchases.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from uuid import NAMESPACE_URL, UUID, uuid5

import msgspec
from eventsourcing.domain import Aggregate, event

GOODS = uuid5(NAMESPACE_URL, "https://kraken-es/goods/")
CURRENCY = "GBP"
# Codes are what staff type and customers read: short, upper case (WATER-BUTT-200L, WATER_EFFICIENCY).
CODE = re.compile(r"[A-Z0-9][A-Z0-9_-]{1,39}")
MAX_NAME, MAX_DESCRIPTION = 100, 1000
# The dearest a unit may be, in pence (£100,000): a typo in pounds is refused.
MAX_PRICE = 10_000_000
MAX_VAT_BASIS_POINTS = 10_000
MAX_GRANT_UNITS = 1000


class CatalogueInvalid(ValueError):
    """A product's or grant's code, names, price, VAT rate or window is malformed, or the code is taken."""


def catalogue_code(text: str) -> str | None:
    code = text.strip().upper()
    return code if CODE.fullmatch(code) else None


def vat(net: int, basis_points: int) -> int:
    """VAT on a net amount (minor units), rounded half up."""
    return (net * basis_points + 5_000) // 10_000


class GoodsProduct(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    code: str
    market_name: str
    product_type: str
    product_type_name: str
    internal_name: str
    customer_name: str
    description: str
    notes: str
    available_from: date
    available_to: date | None
    # None: not priced yet (a quote then needs a price of its own, KT-CT-8205).
    price_per_unit: int | None
    vat_basis_points: int
    currency: str
    withdrawn: bool = False

    @property
    def gross_price_per_unit(self) -> int | None:
        return (
            None
            if self.price_per_unit is None
            else self.price_per_unit + vat(self.price_per_unit, self.vat_basis_points)
        )

    def on_sale(self, day: date) -> bool:
        return (
            not self.withdrawn
            and self.available_from <= day
            and (self.available_to is None or day <= self.available_to)
        )


class GoodsGrantOffer(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    product_code: str
    amount_per_unit: int
    max_units: int
    currency: str
    withdrawn: bool = False


def _text(value: str, what: str, longest: int, *, required: bool = True) -> str:
    text = value.strip()
    if (required and not text) or len(text) > longest:
        raise CatalogueInvalid(f"The {what} must be {'1' if required else '0'} to {longest} characters.")
    return text


class GoodsCatalogue(Aggregate):
    @staticmethod
    def id_for() -> UUID:
        return uuid5(GOODS, "catalogue")

    @classmethod
    def start(cls) -> GoodsCatalogue:
        return cls._create(cls.Started, id=cls.id_for())

    class Started(Aggregate.Created):
        pass

    @event(Started)
    def __init__(self) -> None:
        self.products: dict[int, GoodsProduct] = {}
        self.grants: dict[str, GoodsGrantOffer] = {}

    # Products ------------------------------------------------------------------------------------

    def product(self, product_id: int) -> GoodsProduct | None:
        return self.products.get(product_id)

    def product_by_code(self, code: str) -> GoodsProduct | None:
        spelled = code.strip().upper()
        return next((p for p in self.products.values() if p.code == spelled), None)

    def add_product(
        self,
        *,
        code: str,
        market_name: str,
        product_type: str,
        product_type_name: str,
        customer_name: str,
        description: str = "",
        notes: str = "",
        available_from: date,
        available_to: date | None = None,
        price_per_unit: int | None,
        vat_basis_points: int,
        currency: str = CURRENCY,
    ) -> GoodsProduct:
        spelled, kind = catalogue_code(code), catalogue_code(product_type)
        if spelled is None or kind is None:
            raise CatalogueInvalid("Product and product type codes are 2 to 40 of A-Z, 0-9, '-' and '_'.")
        if self.product_by_code(spelled) is not None:
            raise CatalogueInvalid(f"A product already has the code {spelled}.")
        self._check_price(price_per_unit)
        if not 0 <= vat_basis_points <= MAX_VAT_BASIS_POINTS:
            raise CatalogueInvalid("A VAT rate is 0 to 10000 basis points (0% to 100%).")
        if available_to is not None and available_to < available_from:
            raise CatalogueInvalid("A product's availability cannot end before it starts.")
        if not re.fullmatch(r"[A-Z]{3}", currency):
            raise CatalogueInvalid("A currency is three upper-case letters (ISO 4217).")
        product = GoodsProduct(
            id=max(self.products, default=0) + 1,
            code=spelled,
            market_name=_text(market_name, "market name", 40).upper(),
            product_type=kind,
            product_type_name=_text(product_type_name, "product type name", MAX_NAME),
            internal_name=spelled,
            customer_name=_text(customer_name, "customer name", MAX_NAME),
            description=_text(description, "description", MAX_DESCRIPTION, required=False),
            notes=_text(notes, "notes", MAX_DESCRIPTION, required=False),
            available_from=available_from,
            available_to=available_to,
            price_per_unit=price_per_unit,
            vat_basis_points=vat_basis_points,
            currency=currency,
        )
        self._add_product(product=product)
        return product

    @staticmethod
    def _check_price(price: int | None) -> None:
        if price is not None and not 0 <= price <= MAX_PRICE:
            raise CatalogueInvalid(f"A price per unit is 0 to {MAX_PRICE} minor units.")

    class ProductAdded(Aggregate.Event):
        product: GoodsProduct

    @event(ProductAdded)
    def _add_product(self, product: GoodsProduct) -> None:
        self.products[product.id] = product

    def set_price(self, code: str, price_per_unit: int, at: datetime) -> GoodsProduct:
        """A new price for quotes and purchases from now on; quotes already made keep theirs."""
        product = self._existing(code)
        self._check_price(price_per_unit)
        self._set_price(product_id=product.id, price_per_unit=price_per_unit, set_at=at)
        return self.products[product.id]

    class PriceSet(Aggregate.Event):
        product_id: int
        price_per_unit: int
        set_at: datetime

    @event(PriceSet)
    def _set_price(self, product_id: int, price_per_unit: int, set_at: datetime) -> None:
        self.products[product_id] = msgspec.structs.replace(self.products[product_id], price_per_unit=price_per_unit)

    def withdraw_product(self, code: str, at: datetime) -> GoodsProduct:
        """Off sale from now on: no new quote or purchase names it; quotes already made can still be accepted."""
        product = self._existing(code)
        if not product.withdrawn:
            self._withdraw_product(product_id=product.id, withdrawn_at=at)
        return self.products[product.id]

    class ProductWithdrawn(Aggregate.Event):
        product_id: int
        withdrawn_at: datetime

    @event(ProductWithdrawn)
    def _withdraw_product(self, product_id: int, withdrawn_at: datetime) -> None:
        self.products[product_id] = msgspec.structs.replace(self.products[product_id], withdrawn=True)

    def _existing(self, code: str) -> GoodsProduct:
        product = self.product_by_code(code)
        if product is None:
            raise CatalogueInvalid(f"No product has the code {code.strip().upper()}.")
        return product

    # Grants --------------------------------------------------------------------------------------

    def add_grant(self, code: str, product_code: str, amount_per_unit: int, max_units: int) -> GoodsGrantOffer:
        spelled = catalogue_code(code)
        if spelled is None:
            raise CatalogueInvalid("A grant code is 2 to 40 of A-Z, 0-9, '-' and '_'.")
        if spelled in self.grants:
            raise CatalogueInvalid(f"A grant already has the code {spelled}.")
        product = self._existing(product_code)
        if not 1 <= amount_per_unit <= MAX_PRICE or not 1 <= max_units <= MAX_GRANT_UNITS:
            raise CatalogueInvalid(f"A grant takes 1 to {MAX_PRICE} off each of 1 to {MAX_GRANT_UNITS} units.")
        grant = GoodsGrantOffer(
            code=spelled,
            product_code=product.code,
            amount_per_unit=amount_per_unit,
            max_units=max_units,
            currency=product.currency,
        )
        self._add_grant(grant=grant)
        return grant

    class GrantAdded(Aggregate.Event):
        grant: GoodsGrantOffer

    @event(GrantAdded)
    def _add_grant(self, grant: GoodsGrantOffer) -> None:
        self.grants[grant.code] = grant

    def withdraw_grant(self, code: str, at: datetime) -> GoodsGrantOffer:
        grant = self.grants.get(code.strip().upper())
        if grant is None:
            raise CatalogueInvalid(f"No grant has the code {code.strip().upper()}.")
        if not grant.withdrawn:
            self._withdraw_grant(code=grant.code, withdrawn_at=at)
        return self.grants[grant.code]

    class GrantWithdrawn(Aggregate.Event):
        code: str
        withdrawn_at: datetime

    @event(GrantWithdrawn)
    def _withdraw_grant(self, code: str, withdrawn_at: datetime) -> None:
        self.grants[code] = msgspec.structs.replace(self.grants[code], withdrawn=True)

    def offered_grants(self, product_code: str) -> list[GoodsGrantOffer]:
        return [g for g in self.grants.values() if g.product_code == product_code and not g.withdrawn]
