"""initiateHostedStandalonePayment: a payment the customer completes on the hosted page, answered
with a retrieval token and the page's URL (carrying the return URLs given)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from domain.payments.limits import PAYMENT_AMOUNT_LIMIT
from domain.payments.payment import PaymentOrigin
from projections.contexts import Contexts
from settings import Settings
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.helpers import GraphQL, refused_with

INITIATE = """
mutation InitiateHostedStandalonePayment($input: InitiateHostedStandalonePaymentInput!) {
  initiateHostedStandalonePayment(input: $input) { payment { retrievalToken url } }
}
"""


def initiate(gql: GraphQL, token: str | None, account: str, **changes: Any) -> dict[str, Any]:
    given = {
        "accountNumber": account,
        "amount": 4200,
        "description": "Pay my bill",
        "collectionMethod": "CARD",
        "ledgerNumber": "L-" + account.removeprefix("A-"),
    }
    return gql(INITIATE, {"input": {k: v for k, v in (given | changes).items() if v is not ...}}, token=token)


def test_the_customer_gets_the_page_to_pay_on_with_the_return_urls(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    settings: Settings,
    customer: dict[str, str],
    token: str,
    ledger: str,
    catch_up: Callable[[], int],
) -> None:
    # when
    body = initiate(
        gql,
        token,
        customer["account_number"],
        returnUrlSuccess="https://shop.example/paid",
        returnUrlCancel="https://shop.example/cancelled",
    )
    # then
    answer = body["data"]["initiateHostedStandalonePayment"]["payment"]
    url = urlsplit(answer["url"])
    assert answer["url"].startswith(settings.public_url.rstrip("/") + "/payments/hosted/")
    assert url.path.endswith("/" + answer["retrievalToken"])
    assert parse_qs(url.query) == {
        "success": ["https://shop.example/paid"],
        "cancel": ["https://shop.example/cancelled"],
    }
    catch_up()
    (row,) = contexts.read.payments.of_account(customer["account_number"])
    assert (row["status"], row["origin"], row["amount"], row["ledger_number"]) == (
        "REQUESTED",
        PaymentOrigin.HOSTED.value,
        4200,
        ledger,
    )


def test_the_ledger_may_be_named_by_its_id(
    ledger_id: Callable[[str], str], gql: GraphQL, customer: dict[str, str], token: str, ledger: str
) -> None:
    body = initiate(gql, token, customer["account_number"], ledgerNumber=..., ledgerId=ledger_id(ledger))
    assert body["data"]["initiateHostedStandalonePayment"]["payment"]["retrievalToken"]


def test_an_organisation_s_token_is_kt_ct_1128(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], ledger: str
) -> None:
    # given an organisation's token (an organisation may act on any account, but cannot pay as a customer)
    _, key = organisation(contexts)
    org_token = organisation_token(gql, key)
    # when / then
    refused_with(initiate(gql, org_token, customer["account_number"]), "KT-CT-1128")


def test_another_customer_s_account_or_ledger_is_kt_ct_3822(
    gql: GraphQL, customer: dict[str, str], token: str, ledger: str, stranger: dict[str, str]
) -> None:
    refused_with(initiate(gql, token, stranger["account_number"]), "KT-CT-3822")
    refused_with(initiate(gql, token, customer["account_number"], ledgerNumber=stranger["ledger"]), "KT-CT-3822")


def test_a_ledger_that_does_not_exist_is_kt_ct_3943(
    gql: GraphQL, customer: dict[str, str], token: str, ledger: str
) -> None:
    refused_with(initiate(gql, token, customer["account_number"], ledgerNumber="L-22222222"), "KT-CT-3943")


@pytest.mark.parametrize("amount", [0, -1, PAYMENT_AMOUNT_LIMIT + 1, 2**31 - 1])
def test_an_amount_not_positive_or_above_the_payment_amount_limit_is_kt_ct_3932(
    gql: GraphQL, customer: dict[str, str], token: str, ledger: str, amount: int
) -> None:
    refused_with(initiate(gql, token, customer["account_number"], amount=amount), "KT-CT-3932")


def test_a_method_the_hosted_page_cannot_collect_by_is_kt_ct_3957(
    gql: GraphQL, customer: dict[str, str], token: str, ledger: str
) -> None:
    refused_with(initiate(gql, token, customer["account_number"], collectionMethod="DIRECT_DEBIT"), "KT-CT-3957")


def test_neither_or_both_ledger_id_and_number_is_kt_ct_3958(
    ledger_id: Callable[[str], str], gql: GraphQL, customer: dict[str, str], token: str, ledger: str
) -> None:
    refused_with(initiate(gql, token, customer["account_number"], ledgerNumber=...), "KT-CT-3958")
    refused_with(initiate(gql, token, customer["account_number"], ledgerId=ledger_id(ledger)), "KT-CT-3958")


def test_a_bad_token_is_kt_ct_1111(gql: GraphQL, customer: dict[str, str]) -> None:
    refused_with(initiate(gql, "not-a-token", customer["account_number"]), "KT-CT-1111")


def test_without_an_authorization_header_it_is_kt_ct_1112(gql: GraphQL, customer: dict[str, str]) -> None:
    refused_with(initiate(gql, None, customer["account_number"]), "KT-CT-1112")
