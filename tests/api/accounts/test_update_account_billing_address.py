"""updateAccountBillingAddress: the older mutation replacing an account's billing address."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from projections.contexts import Contexts
from tests.api.accounts.billing import STRUCTURED, billing, organisation_of, stranger_token, structured_address
from tests.api.loyalty.conftest import token_for
from tests.helpers import GraphQL, refused_with

UPDATE = """
mutation UpdateAccountBillingAddress($input: AccountBillingAddressInput!) {
  updateAccountBillingAddress(input: $input) { account { number billingAddressLine1 billingAddressPostcode } }
}
"""
ADDRESS = {
    "streetAddress": "Flat 2\n10 Station Road",
    "dependentLocality": "Allestree",
    "locality": "Derby",
    "administrativeArea": "Derbyshire",
    "postalCode": "de22 2aa",
    "country": "GB",
    "deliveryPointIdentifier": "1A",
}


def _update(gql: GraphQL, token: str, number: str | None, address: dict | None) -> dict:
    return gql(UPDATE, {"input": {"accountNumber": number, "billingAddress": address}}, token=token)


def test_the_viewer_gives_an_address_and_the_account_shows_it(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict, catch_up: Callable[[], int]
) -> None:
    # given
    token, number = token_for(contexts, customer["email"]), customer["account_number"]
    # when
    body = _update(gql, token, number, ADDRESS)
    # then
    assert body == {
        "data": {
            "updateAccountBillingAddress": {
                "account": {"number": number, "billingAddressLine1": "Flat 2", "billingAddressPostcode": "DE22 2AA"}
            }
        }
    }
    assert billing(gql, catch_up, token, number) == {
        "billingEmail": None,
        "billingAddress": "Flat 2\n10 Station Road\nAllestree\nDerby\nDerbyshire\nDE22 2AA",
        "billingAddressLine1": "Flat 2",
        "billingAddressLine2": "10 Station Road",
        "billingAddressLine3": "Allestree",
        "billingAddressLine4": "Derby",
        "billingAddressLine5": "Derbyshire",
        "billingAddressPostcode": "DE22 2AA",
        "splitBillingAddress": ["Flat 2", "10 Station Road", "Allestree", "Derby", "Derbyshire", "DE22 2AA"],
        "commsDeliveryPreference": None,
        # nothing sets it yet
        "documentAccessibility": None,
        "address": {
            "streetAddress": "Flat 2\n10 Station Road",
            "structuredStreetAddress": None,
            "dependentLocality": "Allestree",
            "locality": "Derby",
            "administrativeArea": "Derbyshire",
            "postalCode": "DE22 2AA",
            "sortingCode": None,
            "country": "GB",
            "deliveryPointIdentifier": "1A",
        },
    }


def test_a_structured_address_is_kept_structured(
    gql: GraphQL, contexts: Contexts, customer: dict, catch_up: Callable[[], int]
) -> None:
    token, number = token_for(contexts, customer["email"]), customer["account_number"]
    assert "errors" not in _update(gql, token, number, STRUCTURED)
    assert billing(gql, catch_up, token, number)["address"]["structuredStreetAddress"] == {
        "building_name": "Severn House",
        "thoroughfare": "Mill Lane",
    }


@pytest.mark.parametrize(
    "address",
    [
        None,
        {**ADDRESS, "streetAddress": None},
        {**ADDRESS, "postalCode": " "},
        {**ADDRESS, "postalCode": "75001"},
        {**ADDRESS, "structuredStreetAddress": {"thoroughfare": "Mill Lane"}},
        {**ADDRESS, "postalCode": "D" * 17},
    ],
    ids=["none", "no first line", "no postcode", "not a GB postcode", "structured and free text", "too long"],
)
def test_an_incomplete_or_malformed_address_is_refused(
    gql: GraphQL, contexts: Contexts, customer: dict, address: dict | None
) -> None:
    token = token_for(contexts, customer["email"])
    refused_with(_update(gql, token, customer["account_number"], address), "KT-CT-4145")


@pytest.mark.parametrize(
    "structured",
    ["Mill Lane", 7, ["Mill Lane"], {"thoroughfare": None}, {"thoroughfare": {"name": "Mill Lane"}}, {"x" * 3000: "y"}],
)
def test_a_structured_street_address_of_any_other_shape_is_an_invalid_address(
    gql: GraphQL, contexts: Contexts, customer: dict, structured: object
) -> None:
    token = token_for(contexts, customer["email"])
    address = {"structuredStreetAddress": structured, "postalCode": "DE1 1AA"}
    refused_with(_update(gql, token, customer["account_number"], address), "KT-CT-4145")


def test_free_text_in_place_of_a_structured_address_is_an_invalid_address(
    gql: GraphQL, contexts: Contexts, customer: dict
) -> None:
    structured_address(contexts, customer["account_number"])
    token = token_for(contexts, customer["email"])
    refused_with(_update(gql, token, customer["account_number"], ADDRESS), "KT-CT-4145")


def test_another_customers_account_an_unknown_one_or_none_is_refused(
    gql: GraphQL, contexts: Contexts, customer: dict
) -> None:
    token = stranger_token(contexts)
    refused_with(_update(gql, token, customer["account_number"], ADDRESS), "KT-CT-7123")
    refused_with(_update(gql, token, "A-NOSUCH00", ADDRESS), "KT-CT-7123")
    refused_with(_update(gql, token, None, ADDRESS), "KT-CT-7123")


def test_an_organisation_changes_any_account_but_needs_one_that_exists(
    gql: GraphQL, contexts: Contexts, customer: dict, catch_up: Callable[[], int]
) -> None:
    token, number = organisation_of(gql, contexts), customer["account_number"]
    assert "errors" not in _update(gql, token, number, ADDRESS)
    assert billing(gql, catch_up, token, number)["billingAddressPostcode"] == "DE22 2AA"
    refused_with(_update(gql, token, "A-NOSUCH00", ADDRESS), "KT-CT-7123")
    refused_with(_update(gql, token, None, ADDRESS), "KT-CT-7123")
