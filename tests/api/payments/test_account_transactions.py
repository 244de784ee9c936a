"""`account { transactions }`: the account's ledger entries, the main ledger's unless another ledger
or all of them are asked for, by type and posted date, newest (or oldest) first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from domain.payments import commands
from domain.payments.ledger import LedgerKind
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.loyalty.conftest import token_for
from tests.api.payments.collecting import direct_debit
from tests.api.payments.funds import fund
from tests.api.payments.paying import collect
from tests.helpers import GraphQL, error_codes

TRANSACTIONS = """
query(
  $number: String!, $types: [TransactionTypeFilter], $excluded: [TransactionTypeFilter], $ledgerId: Int,
  $all: Boolean, $from: Date, $to: Date, $order: TransactionsOrderBy, $offset: Int,
  $first: Int, $after: String, $last: Int, $before: String
) {
  account(accountNumber: $number) {
    transactions(
      transactionTypes: $types, transactionTypesExcluded: $excluded, ledgerId: $ledgerId, includeAllLedgers: $all,
      fromDate: $from, toDate: $to, orderBy: $order, offset: $offset,
      first: $first, after: $after, last: $last, before: $before
    ) {
      totalCount edgeCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { __typename id amount postedDate accountNumber balanceCarriedForward isIssued } }
    }
  }
}
"""


@pytest.fixture
def posted(
    contexts: Contexts, customer: dict, ledger: str, clock: FrozenClock, catch_up: Callable[[], int]
) -> dict[str, str]:
    """A day apart from 15 January: a bill of £3 on the main ledger, £5 of credit on a credit
    storage ledger, a £10 direct debit collected on the main ledger, then a bill of £4.
    The ledgers' numbers by kind."""
    number = customer["account_number"]
    storage = contexts.payments.open_ledger(number, LedgerKind.CREDIT_STORAGE).number
    direct_debit(contexts, customer, ledger)
    bill = contexts.payments.draft_bill(commands.DraftBill(account_number=number, amount=300, description="Water"))
    contexts.payments.issue_bill(str(bill.number))
    clock.advance(timedelta(days=1))
    fund(contexts, storage, 500)
    clock.advance(timedelta(days=1))
    collect(contexts, customer, ledger, 1000, clock.at.date())
    catch_up()  # collected and settled at once by the sandbox
    clock.advance(timedelta(days=1))
    bill = contexts.payments.draft_bill(commands.DraftBill(account_number=number, amount=400, description="Water"))
    contexts.payments.issue_bill(str(bill.number))
    catch_up()
    return {"main": ledger, "storage": storage}


@pytest.fixture
def viewer(contexts: Contexts, customer: dict, posted: dict[str, str]) -> str:
    """Ada's token, issued once the entries were posted (days after the `token` fixture's)."""
    return token_for(contexts, customer["email"])


def _transactions(gql: GraphQL, token: str, number: str, **arguments: object) -> dict:
    body = gql(TRANSACTIONS, {"number": number, **arguments}, token=token)
    assert "errors" not in body, body["errors"]
    return body["data"]["account"]["transactions"]


def _entries(page: dict) -> list[tuple[str, int, str]]:
    return [(e["node"]["__typename"], e["node"]["amount"], e["node"]["postedDate"]) for e in page["edges"]]


MAIN = [("Charge", 400, "2026-01-18"), ("Payment", 1000, "2026-01-17"), ("Charge", 300, "2026-01-15")]


def test_the_main_ledger_s_transactions_by_default_newest_first(
    backend: str, gql: GraphQL, viewer: str, customer: dict, posted: dict[str, str]
) -> None:
    page = _transactions(gql, viewer, customer["account_number"])
    assert _entries(page) == MAIN
    assert page["totalCount"] == 3 and page["edgeCount"] == 3
    nodes = [edge["node"] for edge in page["edges"]]
    assert [n["balanceCarriedForward"] for n in nodes] == [300, 700, -300]
    assert [n["isIssued"] for n in nodes] == [True, False, True]
    assert {n["accountNumber"] for n in nodes} == {customer["account_number"]}
    assert all(n["id"].startswith(posted["main"] + "-") for n in nodes)
    assert page["pageInfo"]["hasNextPage"] is False and page["pageInfo"]["hasPreviousPage"] is False


def test_every_ledger_s_or_one_ledger_s_transactions(
    backend: str,
    gql: GraphQL,
    viewer: str,
    customer: dict,
    posted: dict[str, str],
    ledger_id: Callable[[str], str],
    stranger: dict,
) -> None:
    number = customer["account_number"]
    everything = _transactions(gql, viewer, number, all=True)
    assert _entries(everything) == [*MAIN[:2], ("Credit", 500, "2026-01-16"), MAIN[2]]
    assert everything["totalCount"] == 4
    storage = _transactions(gql, viewer, number, ledgerId=int(ledger_id(posted["storage"])))
    assert _entries(storage) == [("Credit", 500, "2026-01-16")]
    assert storage["edges"][0]["node"]["id"].startswith(posted["storage"] + "-")
    assert _entries(_transactions(gql, viewer, number, ledgerId=int(ledger_id(posted["main"])), all=True)) == MAIN
    # another account's ledger lists nothing here
    assert _transactions(gql, viewer, number, ledgerId=int(ledger_id(stranger["ledger"])))["edges"] == []


def test_oldest_first_when_asked(backend: str, gql: GraphQL, viewer: str, customer: dict, posted: dict) -> None:
    page = _transactions(gql, viewer, customer["account_number"], order="POSTED_DATE_ASC", all=True)
    assert _entries(page) == [MAIN[2], ("Credit", 500, "2026-01-16"), *reversed(MAIN[:2])]


def test_types_kept_and_left_out(gql: GraphQL, viewer: str, customer: dict, posted: dict[str, str]) -> None:
    number = customer["account_number"]
    assert _entries(_transactions(gql, viewer, number, types=["ISSUED_TRANSACTIONS"])) == [MAIN[0], MAIN[2]]
    assert _entries(_transactions(gql, viewer, number, excluded=["ISSUED_TRANSACTIONS"])) == [MAIN[1]]
    assert _entries(_transactions(gql, viewer, number, excluded=["IMPORTED_PAYMENTS"])) == MAIN
    both = _transactions(gql, viewer, number, types=["ENERGY_CHARGES"], excluded=["ISSUED_TRANSACTIONS"])
    assert both["edges"] == [] and both["totalCount"] == 0


def test_posted_dates_from_inclusive_to_exclusive(
    backend: str, gql: GraphQL, viewer: str, customer: dict, posted: dict[str, str]
) -> None:
    number = customer["account_number"]
    assert _entries(_transactions(gql, viewer, number, **{"from": "2026-01-17"})) == MAIN[:2]
    assert _entries(_transactions(gql, viewer, number, to="2026-01-17")) == [MAIN[2]]
    window = _transactions(gql, viewer, number, all=True, **{"from": "2026-01-16", "to": "2026-01-18"})
    assert _entries(window) == [MAIN[1], ("Credit", 500, "2026-01-16")]
    assert window["totalCount"] == 2


@pytest.mark.parametrize("order", ["POSTED_DATE_DESC", "POSTED_DATE_ASC"])
def test_pages_forwards_and_backwards_meet_without_gaps_or_repeats(
    backend: str, gql: GraphQL, viewer: str, customer: dict, posted: dict[str, str], order: str
) -> None:
    number = customer["account_number"]
    whole = _entries(_transactions(gql, viewer, number, all=True, order=order))
    first = _transactions(gql, viewer, number, all=True, order=order, first=3)
    assert _entries(first) == whole[:3]
    assert first["pageInfo"]["hasNextPage"] is True and first["pageInfo"]["hasPreviousPage"] is False
    rest = _transactions(gql, viewer, number, all=True, order=order, first=3, after=first["pageInfo"]["endCursor"])
    assert _entries(rest) == whole[3:] and rest["pageInfo"]["hasNextPage"] is False
    back = _transactions(gql, viewer, number, all=True, order=order, last=2, before=rest["pageInfo"]["startCursor"])
    assert _entries(back) == whole[1:3]
    assert back["pageInfo"]["hasPreviousPage"] is True and back["pageInfo"]["hasNextPage"] is True


def test_an_account_without_entries_has_an_empty_list(
    backend: str, gql: GraphQL, token: str, customer: dict, ledger: str
) -> None:
    page = _transactions(gql, token, customer["account_number"], all=True)
    assert page["edges"] == [] and page["totalCount"] == 0
    assert page["pageInfo"]["hasNextPage"] is False and page["pageInfo"]["startCursor"] is None


def test_a_stranger_is_refused_and_an_organisation_sees_the_transactions(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict, posted: dict[str, str], stranger: dict
) -> None:
    number = customer["account_number"]
    refused = gql(TRANSACTIONS, {"number": number}, token=token_for(contexts, "charles@example.com"))
    assert refused["data"] == {"account": None} and error_codes(refused) == ["KT-CT-1111"]
    _, key = organisation(contexts)
    assert _entries(_transactions(gql, organisation_token(gql, key), number)) == MAIN


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({"offset": 0}, "KT-CT-1206"),
        ({"offset": 10}, "KT-CT-1206"),
        ({"first": 101}, "KT-CT-1189"),
        ({"last": -1}, "KT-CT-1206"),
        ({"after": "bm90IGEgY3Vyc29y"}, "KT-CT-1208"),
    ],
)
def test_an_offset_a_page_out_of_bounds_or_a_foreign_cursor_is_refused(
    gql: GraphQL, token: str, customer: dict, ledger: str, arguments: dict, code: str
) -> None:
    body = gql(TRANSACTIONS, {"number": customer["account_number"], **arguments}, token=token)
    assert error_codes(body) == [code]


def test_a_ledger_s_cursor_is_not_one_of_the_account_s(
    gql: GraphQL, contexts: Contexts, token: str, customer: dict, ledger: str, catch_up: Callable[[], int]
) -> None:
    # given a cursor of the main ledger's own transactions
    fund(contexts, ledger, 100)
    catch_up()
    ledger_page = gql(
        "query($n: String!) { account(accountNumber: $n) { ledgers { transactions { edges { cursor } } } } }",
        {"n": customer["account_number"]},
        token=token,
    )
    cursor = ledger_page["data"]["account"]["ledgers"][0]["transactions"]["edges"][0]["cursor"]
    # then the account's list does not take it
    body = gql(TRANSACTIONS, {"number": customer["account_number"], "after": cursor}, token=token)
    assert error_codes(body) == ["KT-CT-1208"]
