"""`account { canRequestRefund maximumRefund requestRefundEligibility }`: the main ledger's credit
not already held by repayment requests, up to what one request may move: exactly what
submitRepaymentRequest takes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.payments.limits import LEDGER_BALANCE_LIMIT, PAYMENT_AMOUNT_LIMIT
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.loyalty.conftest import token_for
from tests.api.payments.funds import fund
from tests.api.payments.repaying import WAITS, repayments_in_every_state, request
from tests.api.payments.scheduling import owe
from tests.helpers import GraphQL, error_codes, refused_with

REFUND = """
query($number: String!) {
  account(accountNumber: $number) {
    canRequestRefund
    maximumRefund { amount reasonToRecommendAmount recommendedBalance }
    requestRefundEligibility { canRequestRefund reason }
  }
}
"""
SUBMIT = """
mutation($input: RequestRepaymentInputType!) {
  submitRepaymentRequest(input: $input) { repaymentRequest { requestId status } }
}
"""


def _refund(gql: GraphQL, token: str, number: str) -> dict:
    body = gql(REFUND, {"number": number}, token=token)
    assert "errors" not in body, body["errors"]
    account: dict = body["data"]["account"]
    return account


def _submit(gql: GraphQL, token: str, number: str, amount: int, key: str) -> dict:
    given = {"accountNumber": number, "amountInMinorUnit": amount, "idempotencyKey": key, "method": "CHEQUE"}
    return gql(SUBMIT, {"input": {**given, "ledgerNumber": "L-" + number.removeprefix("A-")}}, token=token)


def test_an_account_in_credit_may_ask_for_all_of_it(
    backend: str, gql: GraphQL, contexts: Contexts, token: str, customer: dict, ledger: str, catch_up: Callable
) -> None:
    fund(contexts, ledger, 10_000)
    catch_up()
    assert _refund(gql, token, customer["account_number"]) == {
        "canRequestRefund": True,
        "maximumRefund": {
            "amount": 10_000,
            "reasonToRecommendAmount": "MAX_AVAILABLE_AMOUNT",
            "recommendedBalance": None,
        },
        "requestRefundEligibility": {"canRequestRefund": True, "reason": None},
    }


@pytest.mark.parametrize("owed", [0, 2500])
def test_an_account_not_in_credit_may_not(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    token: str,
    customer: dict,
    ledger: str,
    catch_up: Callable,
    owed: int,
) -> None:
    if owed:
        owe(contexts, ledger, owed)
    catch_up()
    account = _refund(gql, token, customer["account_number"])
    assert account["canRequestRefund"] is False and account["maximumRefund"]["amount"] == 0
    assert account["requestRefundEligibility"] == {"canRequestRefund": False, "reason": "The account is not in credit."}


def test_what_repayment_requests_hold_back_is_not_available_again(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    customer: dict,
    ledger: str,
    clock: FrozenClock,
    catch_up: Callable[[], int],
) -> None:
    # given £500 of credit, of which £10 was paid out, £14.08 is being paid out (the ledger is
    # debited when a payout starts; a declined one was given back), and £25 awaiting approval and
    # £6 approved are held back
    repayments_in_every_state(contexts, customer, ledger, clock, catch_up)
    token = token_for(contexts, customer["email"])
    # then
    account = _refund(gql, token, customer["account_number"])
    assert account["maximumRefund"]["amount"] == 50_000 - 1000 - 1408 - 2500 - 600
    assert account["canRequestRefund"] is True


def test_credit_all_held_back_by_requests_cannot_be_asked_for(
    backend: str, gql: GraphQL, contexts: Contexts, token: str, customer: dict, ledger: str, catch_up: Callable
) -> None:
    fund(contexts, ledger, 2000)
    request(contexts, customer, ledger, 2000, WAITS)
    catch_up()
    account = _refund(gql, token, customer["account_number"])
    assert (account["canRequestRefund"], account["maximumRefund"]["amount"]) == (False, 0)
    assert account["requestRefundEligibility"] == {
        "canRequestRefund": False,
        "reason": "The account's credit is already held by repayment requests in progress.",
    }


def test_more_credit_than_one_request_may_move_is_capped_at_the_limit(
    backend: str, gql: GraphQL, contexts: Contexts, token: str, customer: dict, ledger: str, catch_up: Callable
) -> None:
    fund(contexts, ledger, LEDGER_BALANCE_LIMIT)
    catch_up()
    maximum = _refund(gql, token, customer["account_number"])["maximumRefund"]
    assert maximum["amount"] == PAYMENT_AMOUNT_LIMIT
    assert maximum["reasonToRecommendAmount"] == "MAX_ALLOWED_TO_REQUEST_VIA_DASHBOARD"


@pytest.mark.parametrize("credit", [7_500, LEDGER_BALANCE_LIMIT])
def test_the_maximum_is_what_submit_repayment_request_takes_and_a_penny_more_is_refused(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    token: str,
    customer: dict,
    ledger: str,
    catch_up: Callable[[], int],
    credit: int,
) -> None:
    # given some credit, £10 of it already asked for
    number = customer["account_number"]
    fund(contexts, ledger, credit)
    request(contexts, customer, ledger, 1000, WAITS)
    catch_up()
    maximum = _refund(gql, token, number)["maximumRefund"]["amount"]
    # then a penny more is refused, and the maximum is taken
    refused_with(_submit(gql, token, number, maximum + 1, "too-much"), "KT-CT-3927")
    taken = _submit(gql, token, number, maximum, "all-of-it")
    assert taken["data"]["submitRepaymentRequest"]["repaymentRequest"]["requestId"]
    catch_up()
    assert _refund(gql, token, number)["maximumRefund"]["amount"] == (0 if credit < PAYMENT_AMOUNT_LIMIT else maximum)


def test_a_stranger_is_refused_and_an_organisation_sees_it(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict, ledger: str, stranger: dict, catch_up: Callable
) -> None:
    fund(contexts, ledger, 3000)
    catch_up()
    refused = gql(REFUND, {"number": customer["account_number"]}, token=stranger["token"])
    assert refused["data"] == {"account": None} and error_codes(refused) == ["KT-CT-1111"]
    _, key = organisation(contexts)
    assert _refund(gql, organisation_token(gql, key), customer["account_number"])["maximumRefund"]["amount"] == 3000
