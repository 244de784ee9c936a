"""`account { ledgers { transactions } }`: Kraken's connection over a ledger's entries, newest first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from api.shared.connections import cursor_of
from domain.payments import commands as payments
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.helpers import GraphQL, error_codes

PAGE = """
query($number: String!, $first: Int, $after: String, $last: Int, $before: String, $types: [TransactionTypeFilter]) {
  account(accountNumber: $number) {
    ledgers {
      number
      transactions(first: $first, after: $after, last: $last, before: $before, transactionTypes: $types) {
        totalCount edgeCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges {
          cursor node { __typename id amount balanceCarriedForward postedDate isIssued billingDocumentIdentifier }
        }
      }
    }
  }
}
"""


@pytest.fixture
def billed(contexts: Contexts, customer: dict, catch_up: Callable[[], int], clock: FrozenClock) -> list[int]:
    """Five bills of 1..5 pounds, issued a minute apart (five charges on the main ledger)."""
    catch_up()
    numbers = []
    for pounds in range(1, 6):
        bill = contexts.payments.draft_bill(
            payments.DraftBill(account_number=customer["account_number"], amount=pounds * 100, description="Water")
        )
        contexts.payments.issue_bill(str(bill.number))
        numbers.append(bill.number)
        clock.advance(timedelta(minutes=1))
    catch_up()
    return numbers


def _transactions(gql: GraphQL, token: str, number: str, **page: object) -> dict:
    body = gql(PAGE, {"number": number, **page}, token=token)
    assert "errors" not in body, body["errors"]
    return body["data"]["account"]["ledgers"][0]["transactions"]


def test_a_ledger_lists_its_charges_newest_first_with_the_bills_that_issued_them(
    backend: str, gql: GraphQL, token: str, customer: dict, billed: list[int]
) -> None:
    page = _transactions(gql, token, customer["account_number"])
    assert page["totalCount"] == 5 and page["edgeCount"] == 5
    nodes = [edge["node"] for edge in page["edges"]]
    assert [n["amount"] for n in nodes] == [500, 400, 300, 200, 100]
    assert [n["balanceCarriedForward"] for n in nodes] == [-1500, -1000, -600, -300, -100]
    assert {n["__typename"] for n in nodes} == {"Charge"} and all(n["isIssued"] for n in nodes)
    assert [n["billingDocumentIdentifier"] for n in nodes] == [str(b) for b in reversed(billed)]
    assert page["pageInfo"]["hasNextPage"] is False and page["pageInfo"]["hasPreviousPage"] is False


def test_pages_forwards_and_backwards_meet_without_gaps_or_repeats(
    backend: str, gql: GraphQL, token: str, customer: dict, billed: list[int]
) -> None:
    number = customer["account_number"]
    first = _transactions(gql, token, number, first=2)
    assert [e["node"]["amount"] for e in first["edges"]] == [500, 400]
    assert first["pageInfo"]["hasNextPage"] is True and first["pageInfo"]["hasPreviousPage"] is False
    second = _transactions(gql, token, number, first=2, after=first["pageInfo"]["endCursor"])
    assert [e["node"]["amount"] for e in second["edges"]] == [300, 200]
    assert second["pageInfo"]["hasPreviousPage"] is True
    rest = _transactions(gql, token, number, first=2, after=second["pageInfo"]["endCursor"])
    assert [e["node"]["amount"] for e in rest["edges"]] == [100] and rest["pageInfo"]["hasNextPage"] is False
    back = _transactions(gql, token, number, last=2, before=rest["pageInfo"]["startCursor"])
    assert [e["node"]["amount"] for e in back["edges"]] == [300, 200]
    assert back["pageInfo"]["hasPreviousPage"] is True and back["pageInfo"]["hasNextPage"] is True
    oldest = _transactions(gql, token, number, last=1)
    assert [e["node"]["amount"] for e in oldest["edges"]] == [100]
    assert oldest["pageInfo"]["startCursor"] == rest["pageInfo"]["endCursor"]


def test_a_cursor_keeps_its_place_when_newer_transactions_arrive(
    backend: str,
    gql: GraphQL,
    token: str,
    contexts: Contexts,
    customer: dict,
    billed: list[int],
    catch_up: Callable[[], int],
) -> None:
    number = customer["account_number"]
    first = _transactions(gql, token, number, first=2)
    bill = contexts.payments.draft_bill(payments.DraftBill(account_number=number, amount=900, description="Water"))
    contexts.payments.issue_bill(str(bill.number))
    catch_up()
    after = _transactions(gql, token, number, first=2, after=first["pageInfo"]["endCursor"])
    assert [e["node"]["amount"] for e in after["edges"]] == [300, 200]


def test_a_filter_keeps_only_the_transactions_asked_for(
    backend: str, gql: GraphQL, token: str, customer: dict, billed: list[int]
) -> None:
    number = customer["account_number"]
    assert _transactions(gql, token, number, types=["ISSUED_TRANSACTIONS"])["totalCount"] == 5
    assert _transactions(gql, token, number, types=["IMPORTED_PAYMENTS"])["edges"] == []


@pytest.mark.parametrize(
    ("page", "code"),
    [
        ({"first": 101}, "KT-CT-1189"),
        ({"last": -1}, "KT-CT-1206"),
        ({"after": "bm90IGEgY3Vyc29y"}, "KT-CT-1208"),
        ({"after": "%%%"}, "KT-CT-1208"),
        ({"after": cursor_of("transactions", ("2026-01-01",))}, "KT-CT-1208"),
        ({"before": cursor_of("transactions", (["2026-01-01"], 1))}, "KT-CT-1208"),
        ({"after": cursor_of("transactions", ("2026-01-01", "1"))}, "KT-CT-1208"),
        ({"after": cursor_of("payments", ("2026-01-01", 1))}, "KT-CT-1208"),
    ],
)
def test_a_page_out_of_bounds_or_a_foreign_cursor_is_refused(
    gql: GraphQL, token: str, customer: dict, billed: list[int], page: dict, code: str
) -> None:
    body = gql(PAGE, {"number": customer["account_number"], **page}, token=token)
    assert error_codes(body) == [code]
