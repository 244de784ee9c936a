"""initiateStandalonePayment: a payment the customer completes in the provider's embedded form,
answered with a retrieval token and the client secret; it moves money only once the provider
confirms it and it settles."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from domain.payments.limits import LEDGER_BALANCE_LIMIT, PAYMENT_AMOUNT_LIMIT
from domain.payments.payment import PaymentOrigin, PaymentStatus
from projections.contexts import Contexts
from tests.api.payments.funds import fund
from tests.helpers import GraphQL, refused_with
from workers import runtime as workers_runtime

INITIATE = """
mutation InitiateStandalonePayment($input: InitiateStandalonePaymentInput!) {
  initiateStandalonePayment(input: $input) { payment { retrievalToken secretToken } }
}
"""


def initiate(gql: GraphQL, token: str | None, account: str, **changes: Any) -> dict[str, Any]:
    given = {"accountNumber": account, "amount": 1500, "description": "Pay my bill", "collectionMethod": "CARD"}
    return gql(INITIATE, {"input": given | changes}, token=token)


def test_the_customer_gets_a_secret_and_the_payment_settles_when_the_provider_confirms_it(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    ledger: str,
    catch_up: Callable[[], int],
) -> None:
    # when
    body = initiate(gql, token, customer["account_number"], ledgerNumber=ledger)
    # then
    answer = body["data"]["initiateStandalonePayment"]["payment"]
    assert answer["retrievalToken"] and answer["secretToken"] and answer["retrievalToken"] != answer["secretToken"]
    catch_up()
    (row,) = contexts.read.payments.of_account(customer["account_number"])
    assert (row["status"], row["origin"], row["amount"]) == ("REQUESTED", PaymentOrigin.STANDALONE.value, 1500)
    # neither the token nor the secret is stored
    stored = contexts.payments.recorder.select_notifications(start=1, limit=10_000)
    assert not [n for n in stored if answer["secretToken"].encode() in n.state]
    assert not [n for n in stored if answer["retrievalToken"].encode() in n.state]
    # and when the customer has paid in the form and the provider confirms it (its reference)
    charge = workers_runtime.provider().collect(
        idempotency_key="form:1", amount=1500, currency="GBP", instruction_type="CARD", vendor_reference="card"
    )
    contexts.payments.complete_standalone_payment(answer["retrievalToken"], charge.reference)
    catch_up()
    # then the worker settles it and the ledger is credited
    assert contexts.payments.payment(row["number"]).status is PaymentStatus.SUCCEEDED
    assert contexts.read.ledgers.ledger(ledger)["balance"] == 1500


def test_the_main_ledger_is_used_when_none_is_named(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str, catch_up: Callable[[], int]
) -> None:
    initiate(gql, token, customer["account_number"], collectionMethod=None)
    catch_up()
    (row,) = contexts.read.payments.of_account(customer["account_number"])
    assert (row["ledger_number"], row["collection_method"]) == (ledger, "CARD")


def test_both_ledger_id_and_number_is_kt_ct_3820(
    ledger_id: Callable[[str], str], gql: GraphQL, customer: dict[str, str], token: str, ledger: str
) -> None:
    body = initiate(gql, token, customer["account_number"], ledgerNumber=ledger, ledgerId=ledger_id(ledger))
    refused_with(body, "KT-CT-3820")


def test_another_customer_s_account_is_kt_ct_4177(gql: GraphQL, token: str, stranger: dict[str, str]) -> None:
    refused_with(initiate(gql, token, stranger["account_number"]), "KT-CT-4177")


def test_another_account_s_ledger_is_kt_ct_3822(
    gql: GraphQL, customer: dict[str, str], token: str, ledger: str, stranger: dict[str, str]
) -> None:
    refused_with(initiate(gql, token, customer["account_number"], ledgerNumber=stranger["ledger"]), "KT-CT-3822")


def test_a_ledger_that_does_not_exist_is_kt_ct_3943(
    gql: GraphQL, customer: dict[str, str], token: str, ledger: str
) -> None:
    refused_with(initiate(gql, token, customer["account_number"], ledgerNumber="L-22222222"), "KT-CT-3943")
    refused_with(initiate(gql, token, customer["account_number"], ledgerId="not-an-id"), "KT-CT-3943")


@pytest.mark.parametrize("amount", [0, -1, PAYMENT_AMOUNT_LIMIT + 1, 2**31 - 1])
def test_an_amount_not_positive_or_above_the_payment_amount_limit_is_kt_ct_3932(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str, amount: int
) -> None:
    refused_with(initiate(gql, token, customer["account_number"], amount=amount), "KT-CT-3932")
    assert contexts.read.payments.of_account(customer["account_number"]) == []


def test_an_amount_the_ledger_has_no_room_for_is_kt_ct_3932(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str
) -> None:
    fund(contexts, ledger, LEDGER_BALANCE_LIMIT - PAYMENT_AMOUNT_LIMIT + 1)
    refused_with(initiate(gql, token, customer["account_number"], amount=PAYMENT_AMOUNT_LIMIT), "KT-CT-3932")
    body = initiate(gql, token, customer["account_number"], amount=PAYMENT_AMOUNT_LIMIT - 1)
    assert body["data"]["initiateStandalonePayment"]["payment"]["retrievalToken"], body


def test_a_bad_token_is_kt_ct_1111(gql: GraphQL, customer: dict[str, str]) -> None:
    refused_with(initiate(gql, "not-a-token", customer["account_number"]), "KT-CT-1111")


def test_without_an_authorization_header_it_is_kt_ct_1112(gql: GraphQL, customer: dict[str, str]) -> None:
    refused_with(initiate(gql, None, customer["account_number"]), "KT-CT-1112")
