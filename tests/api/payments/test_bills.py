"""`account { bills bill(id) }`: the account's issued bills, the latest first, each an invoice of one
amount whose id is the billingDocumentId that requestPrintedBill takes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from domain.payments import commands
from domain.payments.billing_document import BillingDocument
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.loyalty.conftest import token_for
from tests.helpers import GraphQL, error_codes

BILLS = """
query($number: String!, $first: Int, $after: String, $last: Int, $before: String, $fromDate: Date, $toDate: Date,
      $issuedFromDate: Date, $issuedToDate: Date) {
  account(accountNumber: $number) {
    bills(first: $first, after: $after, last: $last, before: $before, fromDate: $fromDate, toDate: $toDate,
          issuedFromDate: $issuedFromDate, issuedToDate: $issuedToDate, orderBy: ISSUED_DATE_DESC) {
      totalCount edgeCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges {
        cursor node { __typename id billType issuedDate ... on PeriodBasedDocumentType { totalCharges { grossTotal } } }
      }
    }
  }
}
"""
BILL = """
query($number: String!, $id: ID!, $billType: BillTypeEnum) {
  account(accountNumber: $number) {
    bill(id: $id, billType: $billType) {
      __typename id billType fromDate toDate issuedDate temporaryUrl
      ... on PeriodBasedDocumentType {
        identifier
        totalCharges { netTotal taxTotal grossTotal }
        totalCredits { netTotal taxTotal grossTotal }
      }
    }
  }
}
"""
PRINT = "mutation($input: RequestPrintedBillInput!) { requestPrintedBill(input: $input) { success } }"
CHARGES = """
query($number: String!) { account(accountNumber: $number) { ledgers { transactions { edges { node {
  amount billingDocumentIdentifier } } } } } }
"""


def draft(contexts: Contexts, account_number: str, amount: int) -> str:
    command = commands.DraftBill(account_number=account_number, amount=amount, description="Water, January")
    return str(contexts.payments.draft_bill(command).number)


@pytest.fixture
def issued(
    contexts: Contexts, customer: dict[str, str], ledger: str, clock: FrozenClock, catch_up: Callable[[], int]
) -> list[str]:
    """Three bills of £10, £20 and £30, issued on 15, 16 and 17 January, and a draft of £99. The
    issued ones' ids, the first issued first; today is the 17th."""
    number = customer["account_number"]
    ids = []
    for pounds in (10, 20, 30):
        bill = draft(contexts, number, pounds * 100)
        contexts.payments.issue_bill(bill)
        ids.append(bill)
        clock.advance(timedelta(days=1))
    clock.advance(timedelta(days=-1))
    draft(contexts, number, 9900)
    catch_up()
    return ids


@pytest.fixture
def viewer(contexts: Contexts, customer: dict[str, str], issued: list[str]) -> str:
    """Ada's token, obtained today (the one from the 15th has expired)."""
    return token_for(contexts, customer["email"])


def bills(gql: GraphQL, token: str, number: str, **arguments: Any) -> dict[str, Any]:
    body = gql(BILLS, {"number": number, **arguments}, token=token)
    assert "errors" not in body, body["errors"]
    connection: dict[str, Any] = body["data"]["account"]["bills"]
    return connection


def bill(gql: GraphQL, token: str, number: str, bill_id: str, bill_type: str | None = None) -> Any:
    body = gql(BILL, {"number": number, "id": bill_id, "billType": bill_type}, token=token)
    assert "errors" not in body, body["errors"]
    return body["data"]["account"]["bill"]


def ids(connection: dict[str, Any]) -> list[str]:
    return [edge["node"]["id"] for edge in connection["edges"]]


def test_an_account_lists_its_issued_bills_the_latest_first_and_no_draft(
    backend: str, gql: GraphQL, viewer: str, customer: dict[str, str], issued: list[str]
) -> None:
    # when
    found = bills(gql, viewer, customer["account_number"])
    # then
    assert found["totalCount"] == 3 and found["edgeCount"] == 3
    assert [edge["node"] for edge in found["edges"]] == [
        {
            "__typename": "PeriodBasedDocumentType",
            "id": bill_id,
            "billType": "INVOICE",
            "issuedDate": day,
            "totalCharges": {"grossTotal": amount},
        }
        for bill_id, day, amount in zip(
            reversed(issued), ("2026-01-17", "2026-01-16", "2026-01-15"), (3000, 2000, 1000), strict=True
        )
    ]


def test_a_bill_is_found_by_its_id_with_its_period_and_totals(
    backend: str, gql: GraphQL, viewer: str, customer: dict[str, str], issued: list[str]
) -> None:
    found = bill(gql, viewer, customer["account_number"], issued[1])
    assert found == {
        "__typename": "PeriodBasedDocumentType",
        "id": issued[1],
        "billType": "INVOICE",
        "fromDate": "2026-01-16",
        "toDate": "2026-01-16",
        "issuedDate": "2026-01-16",
        "temporaryUrl": None,
        "identifier": issued[1],
        "totalCharges": {"netTotal": 2000, "taxTotal": 0, "grossTotal": 2000},
        "totalCredits": {"netTotal": 0, "taxTotal": 0, "grossTotal": 0},
    }
    assert bill(gql, viewer, customer["account_number"], issued[1], "INVOICE") == found


def test_a_draft_another_type_an_unknown_id_or_another_account_s_bill_is_null(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    viewer: str,
    customer: dict[str, str],
    issued: list[str],
    stranger: dict[str, str],
    catch_up: Callable[[], int],
) -> None:
    number = customer["account_number"]
    drafted = draft(contexts, number, 500)
    theirs = draft(contexts, stranger["account_number"], 500)
    contexts.payments.issue_bill(theirs)
    catch_up()
    assert bill(gql, viewer, number, drafted) is None
    assert bill(gql, viewer, number, issued[0], "STATEMENT") is None
    assert bill(gql, viewer, number, "1234567") is None
    assert bill(gql, viewer, number, "bill") is None
    assert bill(gql, viewer, number, theirs) is None
    # the stranger sees theirs, on their own account
    assert bill(gql, stranger["token"], stranger["account_number"], theirs)["id"] == theirs


def test_a_bill_found_can_be_asked_for_printed_and_its_charge_names_it(
    backend: str, gql: GraphQL, contexts: Contexts, viewer: str, customer: dict[str, str], issued: list[str]
) -> None:
    number = customer["account_number"]
    # given the latest bill, as the client finds it
    latest = bills(gql, viewer, number, first=1)["edges"][0]["node"]["id"]
    # when
    body = gql(PRINT, {"input": {"accountNumber": number, "billingDocumentId": latest}}, token=viewer)
    # then
    assert body == {"data": {"requestPrintedBill": {"success": True}}}
    events = contexts.payments.repository.event_store.get(BillingDocument.id_for(int(latest)))
    assert [type(e).__name__ for e in events][-1] == "PrintRequested"
    charges = gql(CHARGES, {"number": number}, token=viewer)["data"]["account"]["ledgers"][0]["transactions"]
    assert charges["edges"][0]["node"] == {"amount": 3000, "billingDocumentIdentifier": latest}


def test_date_filters_keep_the_bills_issued_from_the_first_day_to_before_the_last(
    gql: GraphQL, viewer: str, customer: dict[str, str], issued: list[str]
) -> None:
    number = customer["account_number"]
    assert ids(bills(gql, viewer, number, fromDate="2026-01-16")) == [issued[2], issued[1]]
    assert ids(bills(gql, viewer, number, toDate="2026-01-16")) == [issued[0]]
    assert ids(bills(gql, viewer, number, issuedFromDate="2026-01-16", issuedToDate="2026-01-17")) == [issued[1]]
    assert ids(bills(gql, viewer, number, fromDate="2026-01-15", issuedFromDate="2026-01-17")) == [issued[2]]
    assert bills(gql, viewer, number, issuedFromDate="2026-01-18")["totalCount"] == 0


def test_pages_forwards_and_backwards(gql: GraphQL, viewer: str, customer: dict[str, str], issued: list[str]) -> None:
    number = customer["account_number"]
    first = bills(gql, viewer, number, first=2)
    assert ids(first) == [issued[2], issued[1]] and first["pageInfo"]["hasNextPage"] is True
    rest = bills(gql, viewer, number, first=2, after=first["pageInfo"]["endCursor"])
    assert ids(rest) == [issued[0]] and rest["pageInfo"]["hasNextPage"] is False
    assert rest["pageInfo"]["hasPreviousPage"] is True
    back = bills(gql, viewer, number, last=1, before=rest["pageInfo"]["startCursor"])
    assert ids(back) == [issued[1]] and back["pageInfo"]["hasPreviousPage"] is True
    assert back["pageInfo"]["hasNextPage"] is True


def test_an_account_without_bills_has_an_empty_list(
    gql: GraphQL, contexts: Contexts, token: str, customer: dict[str, str], ledger: str
) -> None:
    draft(contexts, customer["account_number"], 100)
    found = bills(gql, token, customer["account_number"])
    assert found["edges"] == [] and found["totalCount"] == 0


def test_an_organisation_sees_any_account_s_bills(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], issued: list[str]
) -> None:
    _, key = organisation(contexts)
    token = organisation_token(gql, key)
    assert bills(gql, token, customer["account_number"])["totalCount"] == 3
    assert bill(gql, token, customer["account_number"], issued[0])["id"] == issued[0]


def test_a_stranger_is_refused_at_the_account(
    gql: GraphQL, customer: dict[str, str], issued: list[str], stranger: dict[str, str]
) -> None:
    for document, variables in ((BILLS, {}), (BILL, {"id": issued[0]})):
        body = gql(document, {"number": customer["account_number"], **variables}, token=stranger["token"])
        assert body["data"] == {"account": None} and error_codes(body) == ["KT-CT-1111"]


@pytest.mark.parametrize(
    ("page", "code"),
    [({"first": 101}, "KT-CT-1189"), ({"last": -1}, "KT-CT-1206"), ({"before": "bm90IGEgY3Vyc29y"}, "KT-CT-1208")],
)
def test_a_page_out_of_bounds_or_a_foreign_cursor_is_refused(
    gql: GraphQL, viewer: str, customer: dict[str, str], issued: list[str], page: dict, code: str
) -> None:
    body = gql(BILLS, {"number": customer["account_number"], **page}, token=viewer)
    assert error_codes(body) == [code]
