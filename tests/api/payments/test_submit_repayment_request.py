"""submitRepaymentRequest: the customer asks for credit on their ledger to be paid back to them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from domain.payments.identifiers import IdempotencyKey
from domain.payments.limits import LEDGER_BALANCE_LIMIT, PAYMENT_AMOUNT_LIMIT
from domain.payments.repayment_request import LedgerRepayments, RepaymentRequest, RepaymentState
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from settings import Settings
from tests.api.identity.acting_for_others import masquerade_session, organisation, organisation_token
from tests.api.loyalty.conftest import served
from tests.api.payments.funds import fund
from tests.api.test_token_scopes import scoped_token
from tests.helpers import GraphQL, refused_with

SUBMIT = """
mutation SubmitRepaymentRequest($input: RequestRepaymentInputType!) {
  submitRepaymentRequest(input: $input) { repaymentRequest { requestId status } }
}
"""


def submit(gql: GraphQL, token: str | None, account_number: str, **fields: Any) -> dict[str, Any]:
    given = {"accountNumber": account_number, "amountInMinorUnit": 2500, "idempotencyKey": "refund-1", **fields}
    return gql(SUBMIT, {"input": {k: v for k, v in given.items() if v is not None}}, token=token)


@pytest.fixture
def funded(contexts: Contexts, ledger: str) -> str:
    """Ada's main ledger with £100.00 of credit."""
    fund(contexts, ledger, 10_000)
    return ledger


def test_a_small_request_is_accepted_at_once_and_reserves_the_credit(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, funded: str
) -> None:
    # when
    body = submit(gql, token, customer["account_number"], ledgerNumber=funded, method="BANK_TRANSFER", reason="moving")
    # then
    output = body["data"]["submitRepaymentRequest"]["repaymentRequest"]
    assert output["status"] == "ACCEPTED"
    request = contexts.payments.repayment_request(output["requestId"])
    assert request is not None
    assert (request.amount, request.ledger_number, request.state) == (2500, funded, RepaymentState.APPROVED)
    book = contexts.payments.load(LedgerRepayments.id_for(funded))
    assert book.outstanding == 2500
    # nothing is posted before the money has actually left
    assert contexts.payments.ledger(funded).balance == 10_000


def test_the_ledger_can_be_named_by_its_id(
    ledger_id: Callable[[str], str], gql: GraphQL, customer: dict[str, str], token: str, funded: str
) -> None:
    body = submit(gql, token, customer["account_number"], ledgerId=ledger_id(funded))
    assert body["data"]["submitRepaymentRequest"]["repaymentRequest"]["status"] == "ACCEPTED"


def test_a_request_above_the_auto_approval_limit_waits_for_an_operator(
    settings: Settings, clock: FrozenClock, contexts: Contexts, customer: dict[str, str], token: str, funded: str
) -> None:
    with served(settings, clock, repayment_auto_approve_limit=2000) as gql:
        body = submit(gql, token, customer["account_number"], ledgerNumber=funded)
    output = body["data"]["submitRepaymentRequest"]["repaymentRequest"]
    assert output["status"] == "REQUESTED"
    request_id = output["requestId"]
    # an operator approves it (kraken repayment approve)
    assert contexts.payments.approve_repayment_request(request_id).wire_status == "ACCEPTED"


def test_the_same_key_and_request_gives_the_first_request_again(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, funded: str
) -> None:
    first = submit(gql, token, customer["account_number"], ledgerNumber=funded)
    again = submit(gql, token, customer["account_number"], ledgerNumber=funded)
    assert first == again
    request_id = first["data"]["submitRepaymentRequest"]["repaymentRequest"]["requestId"]
    claim = contexts.payments.load(IdempotencyKey.id_for(f"repayment:{customer['account_number']}", "refund-1"))
    assert claim.target == int(request_id)
    assert contexts.payments.load(LedgerRepayments.id_for(funded)).outstanding == 2500


def test_the_same_key_for_another_request_is_kt_ct_3928(
    gql: GraphQL, customer: dict[str, str], token: str, funded: str
) -> None:
    submit(gql, token, customer["account_number"], ledgerNumber=funded)
    refused_with(
        submit(gql, token, customer["account_number"], ledgerNumber=funded, amountInMinorUnit=2600), "KT-CT-3928"
    )


@pytest.mark.parametrize("amount", [0, -100, 10_001])
def test_an_amount_not_positive_or_above_the_credit_is_kt_ct_3927(
    gql: GraphQL, customer: dict[str, str], token: str, funded: str, amount: int
) -> None:
    refused_with(
        submit(gql, token, customer["account_number"], ledgerNumber=funded, amountInMinorUnit=amount), "KT-CT-3927"
    )


def test_a_repayment_above_the_payment_amount_limit_is_kt_ct_3927_whatever_the_credit(
    contexts: Contexts, gql: GraphQL, customer: dict[str, str], token: str, ledger: str
) -> None:
    # given a ledger holding as much credit as a ledger may
    fund(contexts, ledger, LEDGER_BALANCE_LIMIT)
    # then a repayment of 2**31 - 1, or of one penny above the limit, is refused
    for amount in (2**31 - 1, PAYMENT_AMOUNT_LIMIT + 1):
        body = submit(
            gql, token, customer["account_number"], ledgerNumber=ledger, amountInMinorUnit=amount, idempotencyKey="big"
        )
        refused_with(body, "KT-CT-3927")
    assert contexts.payments.find(IdempotencyKey.id_for(f"repayment:{customer['account_number']}", "big")) is None
    # and one of the limit is taken (to wait for an operator: it is above the auto-approval limit)
    body = submit(gql, token, customer["account_number"], ledgerNumber=ledger, amountInMinorUnit=PAYMENT_AMOUNT_LIMIT)
    assert body["data"]["submitRepaymentRequest"]["repaymentRequest"]["status"] == "REQUESTED"


def test_credit_already_requested_is_not_available_again(
    gql: GraphQL, customer: dict[str, str], token: str, funded: str
) -> None:
    submit(gql, token, customer["account_number"], ledgerNumber=funded, amountInMinorUnit=6000)
    second = submit(
        gql, token, customer["account_number"], ledgerNumber=funded, amountInMinorUnit=6000, idempotencyKey="2"
    )
    refused_with(second, "KT-CT-3927")
    third = submit(
        gql, token, customer["account_number"], ledgerNumber=funded, amountInMinorUnit=4000, idempotencyKey="3"
    )
    assert third["data"]["submitRepaymentRequest"]["repaymentRequest"]["status"] == "ACCEPTED"


def test_a_ledger_in_debt_has_no_credit_to_repay(
    gql: GraphQL, customer: dict[str, str], token: str, ledger: str
) -> None:
    refused_with(submit(gql, token, customer["account_number"], ledgerNumber=ledger, amountInMinorUnit=1), "KT-CT-3927")


def test_both_ledger_id_and_number_is_kt_ct_3820(
    ledger_id: Callable[[str], str], gql: GraphQL, customer: dict[str, str], token: str, funded: str
) -> None:
    body = submit(gql, token, customer["account_number"], ledgerNumber=funded, ledgerId=ledger_id(funded))
    refused_with(body, "KT-CT-3820")


def test_neither_ledger_id_nor_number_is_kt_ct_3821(
    gql: GraphQL, customer: dict[str, str], token: str, funded: str
) -> None:
    refused_with(submit(gql, token, customer["account_number"]), "KT-CT-3821")


def test_a_masquerading_staff_member_cannot_request_a_repayment_kt_ct_1132(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], funded: str
) -> None:
    staff_token = masquerade_session(gql, contexts, customer["user_id"])
    refused_with(submit(gql, staff_token, customer["account_number"], ledgerNumber=funded), "KT-CT-1132")


def test_an_organisation_cannot_request_a_repayment_kt_ct_1132(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], funded: str
) -> None:
    _, key = organisation(contexts)
    refused_with(
        submit(gql, organisation_token(gql, key), customer["account_number"], ledgerNumber=funded), "KT-CT-1132"
    )


def test_a_scoped_token_cannot_request_a_repayment_kt_ct_1132(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], funded: str
) -> None:
    token = scoped_token(gql, contexts, customer["email"], "REDEEM_LOYALTY_POINTS")
    refused_with(submit(gql, token, customer["account_number"], ledgerNumber=funded), "KT-CT-1132")


def test_another_customer_s_account_is_kt_ct_1111(
    gql: GraphQL, token: str, stranger: dict[str, str], funded: str
) -> None:
    refused_with(submit(gql, token, stranger["account_number"], ledgerNumber=stranger["ledger"]), "KT-CT-1111")


def test_another_customer_s_ledger_is_kt_ct_1111(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, stranger: dict[str, str]
) -> None:
    fund(contexts, stranger["ledger"], 10_000)
    refused_with(submit(gql, token, customer["account_number"], ledgerNumber=stranger["ledger"]), "KT-CT-1111")


def test_a_bad_token_is_kt_ct_1111(gql: GraphQL, customer: dict[str, str], funded: str) -> None:
    refused_with(submit(gql, "not-a-token", customer["account_number"], ledgerNumber=funded), "KT-CT-1111")


def test_without_an_authorization_header_it_is_kt_ct_1112(gql: GraphQL, customer: dict[str, str], funded: str) -> None:
    refused_with(submit(gql, None, customer["account_number"], ledgerNumber=funded), "KT-CT-1112")


def test_requests_are_recorded_with_the_data_they_were_decided_on(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, funded: str
) -> None:
    body = submit(gql, token, customer["account_number"], ledgerNumber=funded, method="CHEQUE", reason="closing")
    request_id = body["data"]["submitRepaymentRequest"]["repaymentRequest"]["requestId"]
    events = list(contexts.payments.repository.event_store.get(RepaymentRequest.id_for(int(request_id))))
    assert [type(e).__name__ for e in events] == ["Requested", "Approved"]
    assert (events[0].method, events[0].reason, events[0].amount) == ("CHEQUE", "closing", 2500)
