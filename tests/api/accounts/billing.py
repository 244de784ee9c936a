"""Helpers for the tests of an account's billing details: the query that shows them, and who asks."""

from __future__ import annotations

from collections.abc import Callable

from domain.accounts import commands
from domain.accounts.billing_address import AddressDetails
from ops import runtime
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.loyalty.conftest import register, token_for
from tests.helpers import GraphQL

BILLING = """
query Billing($number: String!) {
  account(accountNumber: $number) {
    billingEmail billingAddress billingAddressLine1 billingAddressLine2 billingAddressLine3 billingAddressLine4
    billingAddressLine5 billingAddressPostcode splitBillingAddress commsDeliveryPreference documentAccessibility
    address {
      streetAddress structuredStreetAddress dependentLocality locality administrativeArea postalCode sortingCode
      country deliveryPointIdentifier
    }
  }
}
"""
STRUCTURED = {
    "structuredStreetAddress": {"building_name": "Severn House", "thoroughfare": "Mill Lane"},
    "locality": "Derby",
    "postalCode": "de1 1ab",
    "country": "GB",
}


def billing(gql: GraphQL, catch_up: Callable[[], int], token: str, number: str) -> dict:
    """The account's billing details through `account(...)`, once the read models have caught up."""
    catch_up()
    body = gql(BILLING, {"number": number}, token=token)
    assert "errors" not in body, body["errors"]
    account: dict = body["data"]["account"]
    return account


def stranger_token(contexts: runtime.Contexts) -> str:
    """Another customer, with an account of their own."""
    account = contexts.accounts.open_account("Charles Babbage")
    register(contexts, "charles@example.com", "Charles Babbage", account.number)
    return token_for(contexts, "charles@example.com")


def organisation_of(gql: GraphQL, contexts: runtime.Contexts) -> str:
    """A token of an organisation, which may act on any account."""
    _, key = organisation(contexts)
    return organisation_token(gql, key)


def structured_address(contexts: runtime.Contexts, number: str) -> None:
    contexts.accounts.update_account_address(
        commands.UpdateAccountAddress(
            account_number=number,
            billing_address=AddressDetails(
                structured_street_address={"building_number": "2", "thoroughfare": "Mill Lane"}, postal_code="DE1 1AB"
            ),
        )
    )
