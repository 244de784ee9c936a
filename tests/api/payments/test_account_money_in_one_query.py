"""Money an account moved or is owed, for every account of the viewer in one document: each list
and each sum is read once for all the accounts (and all their ledgers), never once per account."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from domain.identity import commands as identity
from projections.contexts import Contexts
from tests.api.loyalty.conftest import token_for
from tests.api.payments.funds import fund
from tests.api.payments.paying import collect
from tests.api.payments.repaying import WAITS, request
from tests.conftest import PASSWORD
from tests.helpers import GraphQL

MONEY = """
{
  viewer {
    accounts {
      ... on AccountType {
        number canRequestRefund maximumRefund { amount } requestRefundEligibility { canRequestRefund }
        payments { totalCount edges { node { amount status } } }
        transactions(includeAllLedgers: true) { totalCount edges { node { amount } } }
        repayments { totalCount edges { node { amount status } } }
        ledgers { paymentsOutstanding repaymentRequests { totalCount edges { node { amount status } } } }
      }
    }
  }
}
"""


def test_each_list_and_sum_is_one_statement_for_all_the_viewer_s_accounts(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    catch_up: Callable[[], int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given Grace, with two accounts, each with credit, a payment due and a repayment request
    numbers = [contexts.accounts.open_account("Grace Hopper").number for _ in range(2)]
    contexts.identity.register_user(
        identity.RegisterUser(
            email="grace@example.com",
            password=PASSWORD,
            given_name="Grace",
            family_name="Hopper",
            account_numbers=tuple(numbers),
        )
    )
    catch_up()
    for amount, number in enumerate(numbers, start=1):
        ledger = "L-" + number.removeprefix("A-")
        fund(contexts, ledger, 10_000)
        collect(contexts, {"account_number": number}, ledger, 1000 * amount, date(2026, 2, 1))
        request(contexts, {"account_number": number}, ledger, 100 * amount, WAITS)
    catch_up()
    statements: list[str] = []
    rows = contexts.read.store.rows

    def counted(sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
        statements.append(sql)
        return rows(sql, params)

    monkeypatch.setattr(contexts.read.store, "rows", counted)
    # when
    body = gql(MONEY, token=token_for(contexts, "grace@example.com"))
    # then every account is answered
    assert "errors" not in body, body["errors"]
    accounts = {a["number"]: a for a in body["data"]["viewer"]["accounts"]}
    assert set(accounts) == set(numbers)
    for amount, number in enumerate(numbers, start=1):
        account = accounts[number]
        assert account["maximumRefund"]["amount"] == 10_000 - 100 * amount and account["canRequestRefund"]
        assert [e["node"]["amount"] for e in account["payments"]["edges"]] == [1000 * amount]
        assert [e["node"]["amount"] for e in account["repayments"]["edges"]] == [100 * amount]
        assert [e["node"]["amount"] for e in account["transactions"]["edges"]] == [10_000]
        [ledger] = account["ledgers"]
        assert ledger["paymentsOutstanding"] == 1000 * amount
        assert [e["node"]["status"] for e in ledger["repaymentRequests"]["edges"]] == ["REQUESTED"]
    # and no statement ran twice: one per list, count and sum, whatever the number of accounts
    assert statements and len(statements) == len(set(statements)), statements
