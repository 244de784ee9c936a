"""cancelRepaymentRequest: the customer withdraws a repayment request before its payout has started."""

from __future__ import annotations

from typing import Any

import pytest

from domain.payments.repayment_request import LedgerRepayments
from projections.contexts import Contexts
from tests.api.payments.funds import fund
from tests.api.test_token_scopes import scoped_token
from tests.helpers import GraphQL, refused_with

SUBMIT = """
mutation SubmitRepaymentRequest($input: RequestRepaymentInputType!) {
  submitRepaymentRequest(input: $input) { repaymentRequest { requestId status } }
}
"""
CANCEL = """
mutation CancelRepaymentRequest($input: CancelRepaymentRequestInputType!) {
  cancelRepaymentRequest(input: $input) { repaymentRequest { requestId status } }
}
"""


def cancel(gql: GraphQL, token: str | None, request_id: str) -> dict[str, Any]:
    return gql(CANCEL, {"input": {"requestId": request_id}}, token=token)


@pytest.fixture
def request_id(gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str) -> str:
    """An accepted request for £25.00 of Ada's £100.00 credit; its payout has not started."""
    fund(contexts, ledger, 10_000)
    variables = {
        "accountNumber": customer["account_number"],
        "ledgerNumber": ledger,
        "amountInMinorUnit": 2500,
        "idempotencyKey": "refund-1",
    }
    body = gql(SUBMIT, {"input": variables}, token=token)
    found: str = body["data"]["submitRepaymentRequest"]["repaymentRequest"]["requestId"]
    return found


def test_a_request_is_cancelled_and_its_credit_is_free_again(
    backend: str, gql: GraphQL, contexts: Contexts, token: str, ledger: str, request_id: str
) -> None:
    # when
    body = cancel(gql, token, request_id)
    # then
    assert body == {
        "data": {"cancelRepaymentRequest": {"repaymentRequest": {"requestId": request_id, "status": "CANCELLED"}}}
    }
    assert contexts.payments.load(LedgerRepayments.id_for(ledger)).outstanding == 0
    assert contexts.payments.ledger(ledger).balance == 10_000


def test_a_request_waiting_for_approval_can_be_cancelled(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str
) -> None:
    fund(contexts, ledger, 50_000)
    variables = {
        "accountNumber": customer["account_number"],
        "ledgerNumber": ledger,
        "amountInMinorUnit": 40_000,  # above the default auto-approval limit
        "idempotencyKey": "big",
    }
    submitted = gql(SUBMIT, {"input": variables}, token=token)["data"]["submitRepaymentRequest"]["repaymentRequest"]
    assert submitted["status"] == "REQUESTED"
    body = cancel(gql, token, submitted["requestId"])
    assert body["data"]["cancelRepaymentRequest"]["repaymentRequest"]["status"] == "CANCELLED"


def test_a_request_already_cancelled_is_kt_ct_3931(gql: GraphQL, token: str, request_id: str) -> None:
    cancel(gql, token, request_id)
    refused_with(cancel(gql, token, request_id), "KT-CT-3931")


def test_a_request_whose_payout_has_started_is_kt_ct_3931(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str
) -> None:
    # given a request paid by cheque (no bank details needed), picked up by the payout worker
    fund(contexts, ledger, 10_000)
    variables = {
        "accountNumber": customer["account_number"],
        "ledgerNumber": ledger,
        "amountInMinorUnit": 2500,
        "idempotencyKey": "cheque",
        "method": "CHEQUE",
    }
    submitted = gql(SUBMIT, {"input": variables}, token=token)["data"]["submitRepaymentRequest"]["repaymentRequest"]
    assert contexts.payments.start_repayment_payout(submitted["requestId"]) is not None
    # when / then
    refused_with(cancel(gql, token, submitted["requestId"]), "KT-CT-3931")


def test_a_rejected_request_is_kt_ct_3931(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str
) -> None:
    fund(contexts, ledger, 50_000)
    variables = {
        "accountNumber": customer["account_number"],
        "ledgerNumber": ledger,
        "amountInMinorUnit": 40_000,
        "idempotencyKey": "big",
    }
    submitted = gql(SUBMIT, {"input": variables}, token=token)["data"]["submitRepaymentRequest"]["repaymentRequest"]
    contexts.payments.reject_repayment_request(submitted["requestId"], reason="fraud check")
    refused_with(cancel(gql, token, submitted["requestId"]), "KT-CT-3931")


@pytest.mark.parametrize("unknown", ["1234567", "not-a-number", ""])
def test_a_request_that_does_not_exist_is_kt_ct_3930(gql: GraphQL, token: str, unknown: str) -> None:
    refused_with(cancel(gql, token, unknown), "KT-CT-3930")


def test_another_customer_s_request_is_kt_ct_4231(gql: GraphQL, stranger: dict[str, str], request_id: str) -> None:
    refused_with(cancel(gql, stranger["token"], request_id), "KT-CT-4231")


def test_without_an_authorization_header_it_is_kt_ct_1112(gql: GraphQL, request_id: str) -> None:
    # Not in the seed's list: cancelling needs to know whose request it is.
    refused_with(cancel(gql, None, request_id), "KT-CT-1112")


def test_a_scoped_token_is_kt_ct_1111(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], request_id: str
) -> None:
    token = scoped_token(gql, contexts, customer["email"], "REDEEM_LOYALTY_POINTS")
    refused_with(cancel(gql, token, request_id), "KT-CT-1111")
