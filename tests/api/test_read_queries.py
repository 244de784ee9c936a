"""The Kraken-shaped queries: `viewer { accounts }`, `account(accountNumber)`, `loyaltyPointLedgers`."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

import pytest

from domain.loyalty import commands as loyalty
from projections.contexts import Contexts
from tests.helpers import GraphQL, error_codes

LOGIN = "mutation($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token } }"
VIEWER = "{ viewer { id email givenName familyName fullName accounts { number billingName balance } } }"
ACCOUNT = """
query Account($number: String!) {
  account(accountNumber: $number) {
    number billingName balance ledgers { number ledgerType balance amountOwedByCustomer }
  }
}
"""
POINTS = """
{
  loyaltyPointLedgers {
    ledgerType value balanceBroughtForward balanceCarriedForward reasonCode postedAt accountNumber
  }
}
"""


@pytest.fixture
def token(gql: GraphQL, customer: dict) -> str:
    body = gql(LOGIN, {"input": {"email": customer["email"], "password": customer["password"]}})
    return str(body["data"]["obtainKrakenToken"]["token"])


@pytest.fixture
def redeemed(contexts: Contexts, customer: dict, catch_up: Callable[[], int]) -> None:
    ada, number = UUID(customer["user_id"]), customer["account_number"]
    contexts.loyalty.enroll_account_in_loyalty_program(
        loyalty.EnrollAccountInLoyaltyProgram(viewer_id=ada, account_number=number)
    )
    contexts.loyalty.award_points(
        loyalty.AwardPoints(user_id=ada, account_number=number, points=800, reason_code="WELCOME")
    )
    contexts.loyalty.redeem_loyalty_points_for_account_credit(
        loyalty.RedeemLoyaltyPointsForAccountCredit(viewer_id=ada, account_number=number, points=80)
    )
    catch_up()


def test_the_viewer_sees_their_accounts(backend: str, gql: GraphQL, customer: dict, token: str, redeemed: None) -> None:
    viewer = gql(VIEWER, token=token)["data"]["viewer"]
    assert viewer["id"] == customer["user_id"] and viewer["email"] == customer["email"]
    assert viewer["fullName"] == "Ada Lovelace"
    assert viewer["accounts"] == [{"number": customer["account_number"], "billingName": "Ada Lovelace", "balance": 10}]


def test_an_account_shows_its_ledgers_and_the_credit_from_redeemed_points(
    backend: str, gql: GraphQL, customer: dict, token: str, redeemed: None
) -> None:
    account = gql(ACCOUNT, {"number": customer["account_number"]}, token=token)["data"]["account"]
    assert account["balance"] == 10
    assert account["ledgers"] == [
        {
            "number": "L-" + customer["account_number"].removeprefix("A-"),
            "ledgerType": "MAIN_LEDGER",
            "balance": 10,
            "amountOwedByCustomer": -10,
        }
    ]


def test_loyalty_point_ledgers_lists_the_viewers_entries_with_kraken_string_values(
    backend: str, gql: GraphQL, customer: dict, token: str, redeemed: None
) -> None:
    entries = gql(POINTS, token=token)["data"]["loyaltyPointLedgers"]
    assert [(e["ledgerType"], e["value"], e["balanceBroughtForward"], e["balanceCarriedForward"]) for e in entries] == [
        ("CREDIT", "800", "0", "800"),
        ("CHARGE", "80", "800", "720"),
    ]
    assert entries[0]["reasonCode"] == "WELCOME" and entries[1]["reasonCode"] == "REDEEMED_FOR_ACCOUNT_CREDIT"
    assert {e["accountNumber"] for e in entries} == {customer["account_number"]}


def test_another_customers_account_is_refused(gql: GraphQL, contexts: Contexts, token: str) -> None:
    other = contexts.accounts.open_account("Charles Babbage")
    body = gql(ACCOUNT, {"number": other.number}, token=token)
    assert body["data"]["account"] is None
    assert error_codes(body) == ["KT-CT-1111"]


@pytest.mark.parametrize("query", [VIEWER, POINTS], ids=["viewer", "loyaltyPointLedgers"])
def test_queries_need_an_authorization_header(gql: GraphQL, query: str) -> None:
    assert error_codes(gql(query)) == ["KT-CT-1112"]


def test_queries_read_projections_so_nothing_shows_before_catching_up(
    gql: GraphQL, contexts: Contexts, customer: dict, token: str
) -> None:
    # given an award that no runner has projected yet
    ada, number = UUID(customer["user_id"]), customer["account_number"]
    contexts.loyalty.enroll_account_in_loyalty_program(
        loyalty.EnrollAccountInLoyaltyProgram(viewer_id=ada, account_number=number)
    )
    contexts.loyalty.award_points(loyalty.AwardPoints(user_id=ada, account_number=number, points=8, reason_code="X"))
    # then
    assert gql(POINTS, token=token)["data"]["loyaltyPointLedgers"] == []
