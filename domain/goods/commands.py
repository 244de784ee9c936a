"""Goods commands: one per mutation, named after it, and the operators' catalogue commands.

JSON parameters (clientParams, marketParams) arrive as the text the client sent, or None when it sent
none: the domain decides whether the text is a JSON object (each mutation answers it with its own code).
"""

from __future__ import annotations

from datetime import date

import msgspec


class ProductToQuote(msgspec.Struct, frozen=True, kw_only=True):
    product_id: int
    number_of_units: int
    currency: str
    # A price of the caller's own (minor units): only an organisation may set one (a sales channel).
    price_per_unit: int | None = None


class ProductToPurchase(msgspec.Struct, frozen=True, kw_only=True):
    product_code: str
    number_of_units: int


class CustomerProfile(msgspec.Struct, frozen=True, kw_only=True):
    given_name: str
    family_name: str
    email: str
    phone_number: str
    postcode: str
    address_lines: tuple[str, ...]


class CreateGoodsQuote(msgspec.Struct, frozen=True, kw_only=True):
    account_number: str
    products: tuple[ProductToQuote, ...]
    client_params: str | None = None
    may_set_prices: bool = False


class CreateGoodsQuoteWithoutAccount(msgspec.Struct, frozen=True, kw_only=True):
    customer_profile: CustomerProfile
    products: tuple[ProductToQuote, ...]
    client_params: str | None = None
    may_set_prices: bool = False


class AcceptGoodsQuote(msgspec.Struct, frozen=True, kw_only=True):
    account_number: str
    quote_id: int
    client_params: str | None = None
    market_params: str | None = None


class ShareGoodsQuote(msgspec.Struct, frozen=True, kw_only=True):
    quote_code: str
    email: str
    # The caller's address: an unauthenticated share is throttled per quote and per client.
    client: str


class CreateGoodsPurchase(msgspec.Struct, frozen=True, kw_only=True):
    account_number: str
    items: tuple[ProductToPurchase, ...]
    client_params: str | None = None
    market_params: str | None = None


class UpdateActivePurchase(msgspec.Struct, frozen=True, kw_only=True):
    account_number: str
    purchase_id: str
    items: tuple[ProductToPurchase, ...]
    client_params: str | None = None
    market_params: str | None = None


# Operators' commands (kraken goods ...) -------------------------------------------------------------


class AddProduct(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    market_name: str
    product_type: str
    product_type_name: str
    customer_name: str
    price_per_unit: int | None
    vat_basis_points: int
    description: str = ""
    notes: str = ""
    available_from: date | None = None
    available_to: date | None = None
    currency: str = "GBP"


class SetProductPrice(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    price_per_unit: int


class WithdrawProduct(msgspec.Struct, frozen=True, kw_only=True):
    code: str


class AddGrant(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    product_code: str
    amount_per_unit: int
    max_units: int


class WithdrawGrant(msgspec.Struct, frozen=True, kw_only=True):
    code: str


class CompletePurchase(msgspec.Struct, frozen=True, kw_only=True):
    """Not a Kraken mutation: fulfilment marks a purchase delivered, after which it cannot change."""

    code: str
