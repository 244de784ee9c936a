"""updateAccountBillingEmail: set or clear where an account's bills are emailed."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.accounts import commands
from projections.contexts import Contexts
from tests.api.accounts.billing import billing, organisation_of, stranger_token
from tests.api.loyalty.conftest import token_for
from tests.helpers import GraphQL, refused_with

UPDATE = """
mutation UpdateAccountBillingEmail($input: UpdateAccountBillingEmailInput!) {
  updateAccountBillingEmail(input: $input) { account { number billingEmail } }
}
"""


def _update(gql: GraphQL, token: str, number: str, email: str | None) -> dict:
    return gql(UPDATE, {"input": {"accountNumber": number, "billingEmail": email}}, token=token)


def test_the_viewer_sets_a_billing_email_and_the_account_shows_it(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict, catch_up: Callable[[], int]
) -> None:
    # given
    token, number = token_for(contexts, customer["email"]), customer["account_number"]
    # when
    body = _update(gql, token, number, "bills@example.com")
    # then
    assert body == {
        "data": {"updateAccountBillingEmail": {"account": {"number": number, "billingEmail": "bills@example.com"}}}
    }
    assert billing(gql, catch_up, token, number)["billingEmail"] == "bills@example.com"


@pytest.mark.parametrize("cleared", [None, ""])
def test_null_clears_it_and_email_delivery_stays_chosen(
    gql: GraphQL, contexts: Contexts, customer: dict, catch_up: Callable[[], int], cleared: str | None
) -> None:
    # given email delivery to a billing email
    token, number = token_for(contexts, customer["email"]), customer["account_number"]
    _update(gql, token, number, "bills@example.com")
    contexts.accounts.update_comms_delivery_preference(
        commands.UpdateCommsDeliveryPreference(account_number=number, comms_delivery_preference="EMAIL")
    )
    # when
    body = _update(gql, token, number, cleared)
    # then the comms side falls back to the login email
    assert body["data"]["updateAccountBillingEmail"]["account"]["billingEmail"] is None
    account = billing(gql, catch_up, token, number)
    assert (account["billingEmail"], account["commsDeliveryPreference"]) == (None, "EMAIL")


@pytest.mark.parametrize(
    "email", ["not an email", "two@@example.com", "a" * 64 + "@" + "b" * 444 + ".com", "x" * 1025 + "@example.com"]
)
def test_a_malformed_or_over_long_email_is_refused(
    gql: GraphQL, contexts: Contexts, customer: dict, email: str
) -> None:
    token = token_for(contexts, customer["email"])
    refused_with(_update(gql, token, customer["account_number"], email), "KT-CT-4122")


def test_another_customers_account_is_refused(gql: GraphQL, contexts: Contexts, customer: dict) -> None:
    refused_with(_update(gql, stranger_token(contexts), customer["account_number"], "x@example.com"), "KT-CT-4123")


def test_an_organisation_sets_it_on_any_account_that_exists(
    gql: GraphQL, contexts: Contexts, customer: dict, catch_up: Callable[[], int]
) -> None:
    token, number = organisation_of(gql, contexts), customer["account_number"]
    assert "errors" not in _update(gql, token, number, "bills@example.com")
    assert billing(gql, catch_up, token, number)["billingEmail"] == "bills@example.com"
    refused_with(_update(gql, token, "A-NOSUCH00", "bills@example.com"), "KT-CT-4123")
