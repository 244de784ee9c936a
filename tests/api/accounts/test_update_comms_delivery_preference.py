"""updateCommsDeliveryPreference: an account's documents go by email or by post."""

from __future__ import annotations

from collections.abc import Callable

from domain.accounts import commands
from projections.contexts import Contexts
from tests.api.accounts.billing import billing, organisation_of, stranger_token
from tests.api.loyalty.conftest import token_for
from tests.helpers import GraphQL, refused_with

UPDATE = """
mutation UpdateCommsDeliveryPreference($input: UpdateCommsDeliveryPreferenceInput!) {
  updateCommsDeliveryPreference(input: $input) { account { number commsDeliveryPreference } }
}
"""


def _update(gql: GraphQL, token: str, number: str, preference: str) -> dict:
    return gql(UPDATE, {"input": {"accountNumber": number, "commsDeliveryPreference": preference}}, token=token)


def _billing_email(contexts: Contexts, number: str) -> None:
    contexts.accounts.update_account_billing_email(
        commands.UpdateAccountBillingEmail(account_number=number, billing_email="bills@example.com")
    )


def test_the_viewer_chooses_email_delivery_and_the_account_shows_it(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict, catch_up: Callable[[], int]
) -> None:
    # given
    token, number = token_for(contexts, customer["email"]), customer["account_number"]
    _billing_email(contexts, number)
    # when
    body = _update(gql, token, number, "EMAIL")
    # then
    assert body == {
        "data": {"updateCommsDeliveryPreference": {"account": {"number": number, "commsDeliveryPreference": "EMAIL"}}}
    }
    assert billing(gql, catch_up, token, number)["commsDeliveryPreference"] == "EMAIL"


def test_post_needs_no_billing_email_but_email_does(
    gql: GraphQL, contexts: Contexts, customer: dict, catch_up: Callable[[], int]
) -> None:
    token, number = token_for(contexts, customer["email"]), customer["account_number"]
    assert "errors" not in _update(gql, token, number, "POSTAL_MAIL")
    refused_with(_update(gql, token, number, "EMAIL"), "KT-CT-4136")
    assert billing(gql, catch_up, token, number)["commsDeliveryPreference"] == "POSTAL_MAIL"


def test_another_customers_account_is_refused(gql: GraphQL, contexts: Contexts, customer: dict) -> None:
    refused_with(_update(gql, stranger_token(contexts), customer["account_number"], "POSTAL_MAIL"), "KT-CT-4123")


def test_an_organisation_chooses_for_any_account_that_exists(
    gql: GraphQL, contexts: Contexts, customer: dict, catch_up: Callable[[], int]
) -> None:
    token, number = organisation_of(gql, contexts), customer["account_number"]
    assert "errors" not in _update(gql, token, number, "POSTAL_MAIL")
    assert billing(gql, catch_up, token, number)["commsDeliveryPreference"] == "POSTAL_MAIL"
    refused_with(_update(gql, token, "A-NOSUCH00", "POSTAL_MAIL"), "KT-CT-4123")
