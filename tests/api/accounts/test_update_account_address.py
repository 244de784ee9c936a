"""updateAccountAddress: the viewer (or an organisation) replaces an account's billing address."""

from __future__ import annotations

from collections.abc import Callable

from projections.contexts import Contexts
from tests.api.accounts.billing import STRUCTURED, billing, organisation_of, stranger_token, structured_address
from tests.api.loyalty.conftest import token_for
from tests.helpers import GraphQL, error_codes, refused_with

UPDATE = """
mutation UpdateAccountAddress($input: UpdateAccountAddressInput!) {
  updateAccountAddress(input: $input) {
    account { number billingAddress address { streetAddress structuredStreetAddress postalCode } }
    viewer { email }
  }
}
"""
FREE_TEXT = {"streetAddress": "Flat 2\n10 Station Road", "locality": "Derby", "postalCode": "DE1 1AA"}


def _update(gql: GraphQL, token: str | None, number: str, address: dict) -> dict:
    return gql(UPDATE, {"input": {"accountNumber": number, "billingAddress": address}}, token=token)


def test_the_viewer_gives_a_structured_address_and_the_account_shows_it(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict, catch_up: Callable[[], int]
) -> None:
    # given
    token, number = token_for(contexts, customer["email"]), customer["account_number"]
    # when
    body = _update(gql, token, number, STRUCTURED)
    # then the payload is the account as changed, and the viewer
    assert "errors" not in body, body
    payload = body["data"]["updateAccountAddress"]
    assert payload["viewer"] == {"email": "ada@example.com"}
    assert payload["account"] == {
        "number": number,
        "billingAddress": "Severn House\nMill Lane\nDerby\nDE1 1AB",
        "address": {
            "streetAddress": "Severn House\nMill Lane",
            "structuredStreetAddress": {"building_name": "Severn House", "thoroughfare": "Mill Lane"},
            "postalCode": "DE1 1AB",
        },
    }
    # and the account query shows it
    account = billing(gql, catch_up, token, number)
    assert account["billingAddressLine1"] == "Severn House"
    assert account["address"]["country"] == "GB"
    assert account["splitBillingAddress"] == ["Severn House", "Mill Lane", "Derby", "DE1 1AB"]


def test_a_free_text_address_may_be_replaced_by_free_text(
    gql: GraphQL, contexts: Contexts, customer: dict, catch_up: Callable[[], int]
) -> None:
    token, number = token_for(contexts, customer["email"]), customer["account_number"]
    _update(gql, token, number, {**FREE_TEXT, "streetAddress": "1 Old Road"})
    assert "errors" not in _update(gql, token, number, FREE_TEXT)
    assert billing(gql, catch_up, token, number)["billingAddressLine2"] == "10 Station Road"


def test_a_structured_address_is_not_overwritten_with_free_text(
    gql: GraphQL, contexts: Contexts, customer: dict, catch_up: Callable[[], int]
) -> None:
    # given
    token, number = token_for(contexts, customer["email"]), customer["account_number"]
    structured_address(contexts, number)
    # when
    body = _update(gql, token, number, FREE_TEXT)
    # then
    refused_with(body, "KT-CT-4411")
    assert billing(gql, catch_up, token, number)["billingAddressLine1"] == "2 Mill Lane"


def test_an_account_of_another_customer_and_one_that_does_not_exist_answer_alike(
    gql: GraphQL, contexts: Contexts, customer: dict
) -> None:
    token = stranger_token(contexts)
    refused_with(_update(gql, token, customer["account_number"], FREE_TEXT), "KT-CT-4178")
    refused_with(_update(gql, token, "A-NOSUCH00", FREE_TEXT), "KT-CT-4178")


def test_an_organisation_changes_any_account_but_not_one_that_does_not_exist(
    gql: GraphQL, contexts: Contexts, customer: dict, catch_up: Callable[[], int]
) -> None:
    # given
    token, number = organisation_of(gql, contexts), customer["account_number"]
    # when
    body = _update(gql, token, number, FREE_TEXT)
    # then an organisation is no account user: no viewer
    assert "errors" not in body, body
    assert body["data"]["updateAccountAddress"]["viewer"] is None
    assert billing(gql, catch_up, token, number)["billingAddressPostcode"] == "DE1 1AA"
    refused_with(_update(gql, token, "A-NOSUCH00", FREE_TEXT), "KT-CT-4178")


def test_a_malformed_address_is_refused_as_invalid_input(gql: GraphQL, contexts: Contexts, customer: dict) -> None:
    token, number = token_for(contexts, customer["email"]), customer["account_number"]
    refused_with(_update(gql, token, number, {**FREE_TEXT, "postalCode": "DE1"}), "KT-CT-4321")
    refused_with(_update(gql, token, number, {**FREE_TEXT, "streetAddress": "x" * 1025}), "KT-CT-4321")


def test_it_needs_a_viewer(gql: GraphQL, customer: dict) -> None:
    body = _update(gql, None, customer["account_number"], FREE_TEXT)
    assert error_codes(body) == ["KT-CT-1112"]
