"""Helpers of the product tests: the catalogue, a quote for Ada's home, and the documents that read them back."""

from __future__ import annotations

from typing import Any

from domain.supply.quote import SupplyQuote, quoted_product_id
from projections.contexts import Contexts
from tests.domain.supply.products import catalogue, quote
from tests.helpers import GraphQL

SWITCH = """
mutation InitiateProductSwitch($input: InitiateProductSwitchInput!) {
  initiateProductSwitch(input: $input) { productCode switchDate }
}
"""
AGREEMENTS = """
query($number: String!) {
  account(accountNumber: $number) {
    agreements { id validFrom validTo propertyId product { code displayName basis standingCharge volumetricRate } }
  }
}
"""
QUOTE = """
query($code: String) {
  quote(code: $code) {
    code postcode supplyPointId propertyId expiresAt
    quotedProducts { id name recommended product { code displayName } allowedSupplyStartDates }
  }
}
"""


def quoted(contexts: Contexts, account_number: str, property_id: str) -> SupplyQuote:
    """The catalogue, and a quote of WaterSure (1) and the assessed charge (2) for the home."""
    catalogue(contexts.supply)
    return quote(contexts.supply, account_number, property_id)


def product_id(made: SupplyQuote, ordinal: int = 1) -> str:
    return quoted_product_id(made.code, ordinal)


def switch(gql: GraphQL, token: str | None, account_number: str, product: str, on: str, **more: Any) -> dict[str, Any]:
    given = {"accountNumber": account_number, "quotedProductId": product, "switchDate": on, **more}
    return gql(SWITCH, {"input": given}, token=token)


def agreements(gql: GraphQL, token: str, account_number: str) -> list[tuple[str, str, str]]:
    body = gql(AGREEMENTS, {"number": account_number}, token=token)
    assert "errors" not in body, body
    return [
        (a["validFrom"][:10], (a["validTo"] or "")[:10], a["product"]["code"])
        for a in body["data"]["account"]["agreements"]
    ]
