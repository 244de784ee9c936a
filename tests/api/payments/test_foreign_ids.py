"""Ids of another customer's ledger or bill, asked for below one's own account, find nothing of theirs.

The account root refuses another customer's account (KT-CT-1111); these are the ids a customer
could put into the arguments below their own account instead.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from domain.payments import commands
from projections.contexts import Contexts
from tests.api.payments.funds import fund
from tests.api.payments.paying import TODAY, collect
from tests.helpers import GraphQL

FOREIGN = """
query($number: String!, $ledgerId: ID, $ledgerNumber: String, $intLedgerId: Int, $textLedgerId: String, $bill: ID!) {
  account(accountNumber: $number) {
    byId: ledgers(ledgerId: $ledgerId) { number }
    byNumber: ledgers(ledgerNumber: $ledgerNumber) { number }
    payments(ledgerId: $textLedgerId) { edges { node { amount } } }
    transactions(ledgerId: $intLedgerId) { edges { node { amount } } }
    paymentSchedules(ledgerId: $ledgerId) { edges { node { paymentAmount } } }
    paginatedPaymentForecast(ledgerId: $intLedgerId) { edges { node { amount } } }
    bill(id: $bill) { id }
  }
}
"""


@pytest.fixture
def theirs(contexts: Contexts, stranger: dict[str, str], catch_up: Callable[[], int]) -> dict[str, str]:
    """Charles's main ledger in credit, with a payment due and an issued bill."""
    ledger = contexts.read.ledgers.ledger(stranger["ledger"])
    assert ledger is not None
    fund(contexts, stranger["ledger"], 5000)
    collect(contexts, stranger, stranger["ledger"], 1234, TODAY + timedelta(days=5))
    bill = contexts.payments.draft_bill(
        commands.DraftBill(account_number=stranger["account_number"], amount=999, description="Water")
    )
    contexts.payments.issue_bill(str(bill.number))
    catch_up()
    return {"ledgerId": str(ledger["id"]), "ledgerNumber": stranger["ledger"], "bill": str(bill.number)}


def test_another_customer_s_ledger_and_bill_ids_find_nothing_below_one_s_own_account(
    backend: str, gql: GraphQL, token: str, customer: dict[str, str], ledger: str, theirs: dict[str, str]
) -> None:
    variables = {
        "number": customer["account_number"],
        **theirs,
        "intLedgerId": int(theirs["ledgerId"]),
        "textLedgerId": theirs["ledgerId"],
    }
    body = gql(FOREIGN, variables, token=token)
    assert "errors" not in body, body
    account = body["data"]["account"]
    assert account["byId"] == [] and account["byNumber"] == []
    assert account["payments"]["edges"] == [] and account["transactions"]["edges"] == []
    assert account["paymentSchedules"]["edges"] == [] and account["paginatedPaymentForecast"]["edges"] == []
    assert account["bill"] is None


def test_the_same_ids_find_them_below_their_own_account(
    backend: str, gql: GraphQL, stranger: dict[str, str], theirs: dict[str, str]
) -> None:
    variables = {
        "number": stranger["account_number"],
        **theirs,
        "intLedgerId": int(theirs["ledgerId"]),
        "textLedgerId": theirs["ledgerId"],
    }
    body = gql(FOREIGN, variables, token=stranger["token"])
    assert "errors" not in body, body
    account = body["data"]["account"]
    assert account["byId"] == account["byNumber"] == [{"number": theirs["ledgerNumber"]}]
    assert [e["node"]["amount"] for e in account["payments"]["edges"]] == [1234]
    assert [e["node"]["amount"] for e in account["transactions"]["edges"]] == [999, 5000]
    assert [e["node"]["amount"] for e in account["paginatedPaymentForecast"]["edges"]] == [1234]
    assert account["bill"] == {"id": theirs["bill"]}
