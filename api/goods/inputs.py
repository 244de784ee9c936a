"""GraphQL input types of the goods context, as the Kraken wire contract names them."""

from __future__ import annotations

import json

import strawberry

from api.bounds import ACCOUNT_NUMBER, ADDRESS_LINE, EMAIL, ENTITY_ID, NAME, PHONE, POSTCODE, bounded
from api.scalars import GenericScalar, JSONString, MalformedJSON

# clientParams and marketParams: small JSON objects (the domain keeps them to 4096 characters of
# compact JSON; room here for the same object written out with indentation).
PARAMS = bounded(8192)
# A basket lists at most 20 products (the domain's limit); room for a client's mistakes, not a request's worth.
BASKET = bounded(items=50)
# Product codes are up to 40 characters; quote codes 22.
PRODUCT_CODE = bounded(64)
QUOTE_CODE = bounded(64)


@strawberry.input
class AcceptGoodsQuoteInput:
    account_number: str = strawberry.field(description="The account number.", metadata=ACCOUNT_NUMBER)
    quote_id: int = strawberry.field(description="ID of the accepted quote.")
    client_params: JSONString | None = strawberry.field(
        description="A JSON object containing client parameters to store on the quote.",
        default=strawberry.UNSET,
        metadata=PARAMS,
    )
    market_params: JSONString | None = strawberry.field(
        description="A JSON object containing market parameters to store on the purchase.",
        default=strawberry.UNSET,
        metadata=PARAMS,
    )


@strawberry.input
class CreateGoodsQuoteInput:
    account_number: str = strawberry.field(description="The account number.", metadata=ACCOUNT_NUMBER)
    products_to_quote: list[ProductToQuoteInput | None] = strawberry.field(
        description="Products to get a quote for.", metadata=BASKET
    )
    client_params: GenericScalar | None = strawberry.field(
        description="A JSON object containing client parameters to store on the quote.",
        default=strawberry.UNSET,
        metadata=PARAMS,
    )


@strawberry.input
class CreateGoodsQuoteWithoutAccountInput:
    customer_profile: CustomerProfileInput = strawberry.field(description="Customer profile.")
    products_to_quote: list[ProductToQuoteInput | None] = strawberry.field(
        description="Products to get a quote for.", metadata=BASKET
    )
    client_params: GenericScalar | None = strawberry.field(
        description="A JSON object containing client parameters to store on the quote.",
        default=strawberry.UNSET,
        metadata=PARAMS,
    )


@strawberry.input
class CreatePurchaseInput:
    account_number: str = strawberry.field(description="The account number.", metadata=ACCOUNT_NUMBER)
    sale_items: list[ProductToPurchaseInput | None] = strawberry.field(
        description="Products being purchased.", metadata=BASKET
    )
    client_params: JSONString | None = strawberry.field(
        description="A JSON object containing client parameters to store on the quote.",
        default=strawberry.UNSET,
        metadata=PARAMS,
    )
    market_params: JSONString | None = strawberry.field(
        description="A JSON object containing client parameters to store on the purchase.",
        default=strawberry.UNSET,
        metadata=PARAMS,
    )


@strawberry.input
class CustomerProfileInput:
    given_name: str = strawberry.field(description="Customer's given name.", metadata=NAME)
    family_name: str = strawberry.field(description="Customer's family name.", metadata=NAME)
    email: str = strawberry.field(description="Customer's email.", metadata=EMAIL)
    phone_number: str = strawberry.field(description="Customer's phone number.", metadata=PHONE)
    postcode: str = strawberry.field(description="Customer's postcode.", metadata=POSTCODE)
    address_line1: str = strawberry.field(description="Line 1 of customer's address.", metadata=ADDRESS_LINE)
    address_line2: str | None = strawberry.field(
        description="Line 2 of customer's address.", default=strawberry.UNSET, metadata=ADDRESS_LINE
    )
    address_line3: str | None = strawberry.field(
        description="Line 3 of customer's address.", default=strawberry.UNSET, metadata=ADDRESS_LINE
    )
    address_line4: str | None = strawberry.field(
        description="Line 4 of customer's address.", default=strawberry.UNSET, metadata=ADDRESS_LINE
    )
    address_line5: str | None = strawberry.field(
        description="Line 5 of customer's address.", default=strawberry.UNSET, metadata=ADDRESS_LINE
    )


@strawberry.input
class ProductToPurchaseInput:
    product_code: str = strawberry.field(description="Products code to purchase.", metadata=PRODUCT_CODE)
    number_of_units: int = strawberry.field(description="Number of units.")


@strawberry.input(description="Represents a product and the quantity to quote for a customer.")
class ProductToQuoteInput:
    product_id: int = strawberry.field(description="ID of the product to quote.")
    number_of_units: int = strawberry.field(description="Number of units.")
    price_per_unit: int | None = strawberry.field(
        description="Price per unit in smallest sub-unit of the currency.", default=strawberry.UNSET
    )
    currency: str = strawberry.field(description="Currency.", metadata=bounded(8))


@strawberry.input
class ShareGoodsQuoteInput:
    quote_code: str = strawberry.field(description="The quote to share.", metadata=QUOTE_CODE)
    email: str = strawberry.field(description="The email to share the quote with.", metadata=EMAIL)


@strawberry.input
class UpdatePurchaseInput:
    account_number: str = strawberry.field(description="The account number.", metadata=ACCOUNT_NUMBER)
    client_params: JSONString | None = strawberry.field(
        description="A JSON object containing client parameters to store on the purchase.",
        default=strawberry.UNSET,
        metadata=PARAMS,
    )
    market_params: JSONString | None = strawberry.field(
        description="A JSON object containing market parameters to store on the purchase.",
        default=strawberry.UNSET,
        metadata=PARAMS,
    )
    purchase_id: strawberry.ID = strawberry.field(description="The purchase ID.", metadata=ENTITY_ID)
    sale_items: list[ProductToPurchaseInput | None] = strawberry.field(
        description="Products being purchased.", metadata=BASKET
    )


def params_text(value: object) -> str | None:
    """clientParams or marketParams as the text the domain decides on: None when not given, the text
    of one that is not JSON, compact JSON otherwise (the domain wants a JSON object)."""
    if value is None or value is strawberry.UNSET:
        return None
    if isinstance(value, MalformedJSON):
        return value.text
    return json.dumps(value)
