"""requestPrintedBill: an issued bill of the viewer's account is printed and posted again."""

from __future__ import annotations

from typing import Any

import pytest

from domain.payments import commands
from domain.payments.billing_document import BillingDocument
from projections.contexts import Contexts
from tests.helpers import GraphQL, refused_with

REQUEST = """
mutation RequestPrintedBill($input: RequestPrintedBillInput!) {
  requestPrintedBill(input: $input) { success }
}
"""


def request(gql: GraphQL, token: str | None, account_number: str, bill_id: str) -> dict[str, Any]:
    return gql(REQUEST, {"input": {"accountNumber": account_number, "billingDocumentId": bill_id}}, token=token)


def drafted(contexts: Contexts, account_number: str) -> str:
    command = commands.DraftBill(account_number=account_number, amount=4321, description="Electricity, December")
    return str(contexts.payments.draft_bill(command).number)


@pytest.fixture
def bill_id(contexts: Contexts, customer: dict[str, str], ledger: str) -> str:
    """An issued bill of £43.21 on Ada's main ledger."""
    number = drafted(contexts, customer["account_number"])
    contexts.payments.issue_bill(number)
    return number


def test_an_issued_bill_is_queued_for_printing(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, bill_id: str
) -> None:
    # when
    body = request(gql, token, customer["account_number"], bill_id)
    # then
    assert body == {"data": {"requestPrintedBill": {"success": True}}}
    events = list(contexts.payments.repository.event_store.get(BillingDocument.id_for(int(bill_id))))
    assert [type(e).__name__ for e in events] == ["Drafted", "Issued", "PrintRequested"]
    assert events[-1].print_request_id == f"{bill_id}-1"


def test_each_request_is_a_print_of_its_own(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, bill_id: str
) -> None:
    request(gql, token, customer["account_number"], bill_id)
    request(gql, token, customer["account_number"], bill_id)
    bill = contexts.payments.billing_document(bill_id)
    assert bill is not None and bill.print_requests == [f"{bill_id}-1", f"{bill_id}-2"]


def test_a_draft_is_kt_ct_9705(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str
) -> None:
    refused_with(
        request(gql, token, customer["account_number"], drafted(contexts, customer["account_number"])), "KT-CT-9705"
    )


@pytest.mark.parametrize("unknown", ["1234567", "bill"])
def test_an_unknown_document_is_kt_ct_3824(gql: GraphQL, customer: dict[str, str], token: str, unknown: str) -> None:
    refused_with(request(gql, token, customer["account_number"], unknown), "KT-CT-3824")


def test_another_account_s_document_is_kt_ct_3824(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, stranger: dict[str, str]
) -> None:
    theirs = drafted(contexts, stranger["account_number"])
    contexts.payments.issue_bill(theirs)
    # named with Ada's account, and with theirs
    refused_with(request(gql, token, customer["account_number"], theirs), "KT-CT-3824")
    refused_with(request(gql, token, stranger["account_number"], theirs), "KT-CT-3824")


def test_a_bad_token_is_kt_ct_1111(gql: GraphQL, customer: dict[str, str], bill_id: str) -> None:
    refused_with(request(gql, "not-a-token", customer["account_number"], bill_id), "KT-CT-1111")


def test_without_an_authorization_header_it_is_kt_ct_1112(gql: GraphQL, customer: dict[str, str], bill_id: str) -> None:
    refused_with(request(gql, None, customer["account_number"], bill_id), "KT-CT-1112")
