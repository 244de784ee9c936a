"""GraphQL input types of the goods context, as the Kraken wire contract names them."""

from __future__ import annotations

import strawberry

from api.scalars import GenericScalar, JSONString


@strawberry.input
class AcceptGoodsQuoteInput:
    account_number: str = strawberry.field(description="The account number.")
    quote_id: int = strawberry.field(description="ID of the accepted quote.")
    client_params: JSONString | None = strawberry.field(
        description="A JSON object containing client parameters to store on the quote.", default=strawberry.UNSET
    )
    market_params: JSONString | None = strawberry.field(
        description="A JSON object containing market parameters to store on the purchase.", default=strawberry.UNSET
    )


@strawberry.input
class CreateGoodsQuoteInput:
    account_number: str = strawberry.field(description="The account number.")
    products_to_quote: list[ProductToQuoteInput | None] = strawberry.field(description="Products to get a quote for.")
    client_params: GenericScalar | None = strawberry.field(
        description="A JSON object containing client parameters to store on the quote.", default=strawberry.UNSET
    )


@strawberry.input
class CreateGoodsQuoteWithoutAccountInput:
    customer_profile: CustomerProfileInput = strawberry.field(description="Customer profile.")
    products_to_quote: list[ProductToQuoteInput | None] = strawberry.field(description="Products to get a quote for.")
    client_params: GenericScalar | None = strawberry.field(
        description="A JSON object containing client parameters to store on the quote.", default=strawberry.UNSET
    )


@strawberry.input
class CreatePurchaseInput:
    account_number: str = strawberry.field(description="The account number.")
    sale_items: list[ProductToPurchaseInput | None] = strawberry.field(description="Products being purchased.")
    client_params: JSONString | None = strawberry.field(
        description="A JSON object containing client parameters to store on the quote.", default=strawberry.UNSET
    )
    market_params: JSONString | None = strawberry.field(
        description="A JSON object containing client parameters to store on the purchase.", default=strawberry.UNSET
    )


@strawberry.input
class CustomerProfileInput:
    given_name: str = strawberry.field(description="Customer's given name.")
    family_name: str = strawberry.field(description="Customer's family name.")
    email: str = strawberry.field(description="Customer's email.")
    phone_number: str = strawberry.field(description="Customer's phone number.")
    postcode: str = strawberry.field(description="Customer's postcode.")
    address_line1: str = strawberry.field(description="Line 1 of customer's address.")
    address_line2: str | None = strawberry.field(description="Line 2 of customer's address.", default=strawberry.UNSET)
    address_line3: str | None = strawberry.field(description="Line 3 of customer's address.", default=strawberry.UNSET)
    address_line4: str | None = strawberry.field(description="Line 4 of customer's address.", default=strawberry.UNSET)
    address_line5: str | None = strawberry.field(description="Line 5 of customer's address.", default=strawberry.UNSET)


@strawberry.input
class ProductToPurchaseInput:
    product_code: str = strawberry.field(description="Products code to purchase.")
    number_of_units: int = strawberry.field(description="Number of units.")


@strawberry.input(description="Represents a product and the quantity to quote for a customer.")
class ProductToQuoteInput:
    product_id: int = strawberry.field(description="ID of the product to quote.")
    number_of_units: int = strawberry.field(description="Number of units.")
    price_per_unit: int | None = strawberry.field(
        description="Price per unit in smallest sub-unit of the currency.", default=strawberry.UNSET
    )
    currency: str = strawberry.field(description="Currency.")


@strawberry.input
class ShareGoodsQuoteInput:
    quote_code: str = strawberry.field(description="The quote to share.")
    email: str = strawberry.field(description="The email to share the quote with.")


@strawberry.input
class UpdatePurchaseInput:
    account_number: str = strawberry.field(description="The account number.")
    client_params: JSONString | None = strawberry.field(
        description="A JSON object containing client parameters to store on the purchase.", default=strawberry.UNSET
    )
    market_params: JSONString | None = strawberry.field(
        description="A JSON object containing market parameters to store on the purchase.", default=strawberry.UNSET
    )
    purchase_id: strawberry.ID = strawberry.field(description="The purchase ID.")
    sale_items: list[ProductToPurchaseInput | None] = strawberry.field(description="Products being purchased.")
