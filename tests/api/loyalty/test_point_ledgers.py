"""`loyaltyPointLedgers(input: {accountUserId})`: the viewer's entries, or another user's of an account they share."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.identity import commands as identity
from projections.contexts import Contexts
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.loyalty.conftest import award, token_for
from tests.api.test_token_scopes import scoped_token
from tests.conftest import PASSWORD
from tests.helpers import GraphQL, error_codes

LEDGERS = """
query Ledgers($input: LoyaltyPointLedgersInput) {
  loyaltyPointLedgers(input: $input) { ledgerType value balanceCarriedForward reasonCode accountNumber }
}
"""
BOTH = """
query Both($ada: ID!, $grace: ID!) {
  ada: loyaltyPointLedgers(input: {accountUserId: $ada}) { value }
  grace: loyaltyPointLedgers(input: {accountUserId: $grace}) { value }
}
"""


@pytest.fixture
def points(
    contexts: Contexts,
    customer: dict[str, str],
    grace: dict[str, str],
    stranger: dict[str, str],
    catch_up: Callable[[], int],
) -> None:
    """Ada 100 points, Grace (of Ada's account) 20, Charles (of another account) 7."""
    award(contexts, customer["user_id"], customer["account_number"], 100)
    award(contexts, grace["user_id"], customer["account_number"], 20)
    award(contexts, stranger["user_id"], stranger["account_number"], 7)
    catch_up()


def _values(body: dict) -> list[str]:
    assert "errors" not in body, body["errors"]
    return [entry["value"] for entry in body["data"]["loyaltyPointLedgers"]]


def _refused(body: dict) -> None:
    assert body["data"] == {"loyaltyPointLedgers": None} and error_codes(body) == ["KT-CT-1111"]


def _of(user_id: str) -> dict:
    return {"input": {"accountUserId": user_id}}


def test_without_input_the_viewer_sees_their_own_entries(
    backend: str, gql: GraphQL, customer: dict[str, str], token: str, points: None
) -> None:
    body = gql(LEDGERS, token=token)
    assert body["data"]["loyaltyPointLedgers"] == [
        {
            "ledgerType": "CREDIT",
            "value": "100",
            "balanceCarriedForward": "100",
            "reasonCode": "SIGN_UP_BONUS",
            "accountNumber": customer["account_number"],
        }
    ]
    assert _values(gql(LEDGERS, _of(customer["user_id"]), token=token)) == ["100"]


def test_a_user_sees_the_entries_of_another_user_of_their_account(
    backend: str, gql: GraphQL, customer: dict[str, str], grace: dict[str, str], token: str, points: None
) -> None:
    assert _values(gql(LEDGERS, _of(grace["user_id"]), token=token)) == ["20"]
    assert _values(gql(LEDGERS, _of(customer["user_id"]), token=grace["token"])) == ["100"]
    # and both in one document
    both = gql(BOTH, {"ada": customer["user_id"], "grace": grace["user_id"]}, token=token)
    assert both == {"data": {"ada": [{"value": "100"}], "grace": [{"value": "20"}]}}


def test_a_user_of_another_account_is_refused(
    backend: str, gql: GraphQL, token: str, stranger: dict[str, str], points: None
) -> None:
    _refused(gql(LEDGERS, _of(stranger["user_id"]), token=token))
    _refused(gql(LEDGERS, _of("not-a-user"), token=token))


def test_a_user_of_two_accounts_sees_the_users_of_both(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], stranger: dict[str, str], points: None
) -> None:
    # given Lin, a user of Ada's account and of Charles's
    contexts.identity.register_user(
        identity.RegisterUser(
            email="lin@example.com",
            password=PASSWORD,
            given_name="Lin",
            family_name="Both",
            account_numbers=(customer["account_number"], stranger["account_number"]),
        )
    )
    token = token_for(contexts, "lin@example.com")
    # then
    assert _values(gql(LEDGERS, _of(customer["user_id"]), token=token)) == ["100"]
    assert _values(gql(LEDGERS, _of(stranger["user_id"]), token=token)) == ["7"]


def test_an_organisation_names_the_user_whose_entries_it_reads(
    backend: str, gql: GraphQL, contexts: Contexts, stranger: dict[str, str], points: None
) -> None:
    _, key = organisation(contexts)
    org = organisation_token(gql, key)
    assert _values(gql(LEDGERS, _of(stranger["user_id"]), token=org)) == ["7"]
    assert _values(gql(LEDGERS, _of("not-a-user"), token=org)) == []
    # an organisation has no entries of its own
    _refused(gql(LEDGERS, token=org))


def test_a_redeeming_token_sees_only_its_own_users_entries(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], grace: dict[str, str], points: None
) -> None:
    token = scoped_token(gql, contexts, customer["email"], "REDEEM_LOYALTY_POINTS")
    assert _values(gql(LEDGERS, token=token)) == ["100"]
    assert _values(gql(LEDGERS, _of(customer["user_id"]), token=token)) == ["100"]
    _refused(gql(LEDGERS, _of(grace["user_id"]), token=token))


def test_it_needs_an_authorization_header(gql: GraphQL, customer: dict[str, str]) -> None:
    assert error_codes(gql(LEDGERS, _of(customer["user_id"]))) == ["KT-CT-1112"]
