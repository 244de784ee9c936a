"""`standalonePayment(retrievalToken)`: whoever holds a standalone payment's retrieval token (the
hosted page, a client polling for the outcome) may read that one payment, with no login; any other
token is answered null, with nothing said about why."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from domain.payments import commands
from domain.shared.digests import digest
from projections.contexts import Contexts
from tests.api.payments.collecting import direct_debit
from tests.api.payments.paying import TODAY, collect
from tests.helpers import GraphQL
from workers import runtime as workers_runtime
from workers.payments.sandbox import DECLINED_ENDING

PAYMENT = """
query($token: String!) {
  standalonePayment(retrievalToken: $token) { id amount paymentDate status reference accountNumber ledgerNumber }
}
"""
HOSTED = """
mutation($input: InitiateHostedStandalonePaymentInput!) {
  initiateHostedStandalonePayment(input: $input) { payment { retrievalToken url } }
}
"""
EMBEDDED = """
mutation($input: InitiateStandalonePaymentInput!) {
  initiateStandalonePayment(input: $input) { payment { retrievalToken secretToken } }
}
"""


def hosted(gql: GraphQL, token: str, ledger: str, amount: int = 4200) -> str:
    given = {"accountNumber": "A-" + ledger.removeprefix("L-"), "amount": amount, "description": "Pay my bill"}
    body = gql(HOSTED, {"input": {**given, "collectionMethod": "CARD", "ledgerNumber": ledger}}, token=token)
    retrieval: str = body["data"]["initiateHostedStandalonePayment"]["payment"]["retrievalToken"]
    return retrieval


def _payment(gql: GraphQL, retrieval_token: str, **headers: Any) -> dict | None:
    body = gql(PAYMENT, {"token": retrieval_token}, **headers)
    assert "errors" not in body, body["errors"]
    payment: dict | None = body["data"]["standalonePayment"]
    return payment


def pay(contexts: Contexts, retrieval_token: str, amount: int) -> str:
    """The customer pays on the provider's page, and the provider confirms it (its reference)."""
    charge = workers_runtime.provider().collect(
        idempotency_key=f"page:{retrieval_token}",
        amount=amount,
        currency="GBP",
        instruction_type="CARD",
        vendor_reference="card",
    )
    contexts.payments.complete_standalone_payment(retrieval_token, charge.reference)
    return charge.reference


def test_the_holder_of_the_token_follows_the_payment_from_requested_to_cleared_without_logging_in(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    customer: dict,
    token: str,
    ledger: str,
    catch_up: Callable[[], int],
) -> None:
    # given a payment started for the hosted page
    retrieval = hosted(gql, token, ledger)
    catch_up()
    # when it is read with the token alone
    waiting = _payment(gql, retrieval)
    # then
    assert waiting is not None
    assert {k: v for k, v in waiting.items() if k != "id"} == {
        "amount": 4200,
        "paymentDate": TODAY.isoformat(),
        "status": "REQUESTED",
        "reference": None,
        "accountNumber": customer["account_number"],
        "ledgerNumber": ledger,
    }
    # and once the customer has paid and the provider has settled it
    reference = pay(contexts, retrieval, 4200)
    catch_up()
    cleared = _payment(gql, retrieval)
    assert cleared == {**waiting, "status": "CLEARED", "reference": reference}


def test_a_declined_payment_reads_failed(
    gql: GraphQL, contexts: Contexts, token: str, ledger: str, catch_up: Callable[[], int]
) -> None:
    retrieval = hosted(gql, token, ledger, amount=4000 + DECLINED_ENDING)
    pay(contexts, retrieval, 4000 + DECLINED_ENDING)
    catch_up()
    payment = _payment(gql, retrieval)
    assert payment is not None and payment["status"] == "FAILED"


def test_an_embedded_form_s_payment_is_found_by_its_token_too(
    backend: str, gql: GraphQL, customer: dict, token: str, ledger: str, catch_up: Callable[[], int]
) -> None:
    body = gql(
        EMBEDDED,
        {"input": {"accountNumber": customer["account_number"], "amount": 1500, "description": "x"}},
        token=token,
    )
    answer = body["data"]["initiateStandalonePayment"]["payment"]
    catch_up()
    payment = _payment(gql, answer["retrievalToken"])
    assert payment is not None and (payment["amount"], payment["status"]) == (1500, "REQUESTED")
    # the client secret is not a retrieval token
    assert _payment(gql, answer["secretToken"]) is None


def test_whoever_holds_the_token_sees_the_payment_whatever_token_they_log_in_with(
    gql: GraphQL, token: str, ledger: str, stranger: dict, catch_up: Callable[[], int]
) -> None:
    retrieval = hosted(gql, token, ledger)
    catch_up()
    for authorization in (stranger["token"], "not a token", token):
        payment = _payment(gql, retrieval, Authorization=authorization)
        assert payment is not None and payment["amount"] == 4200


@pytest.mark.parametrize(
    "guess",
    [
        lambda real: real + "x",
        lambda real: real[:-1],
        lambda real: real.upper(),
        lambda real: "",
        lambda real: "rt_1_" + "a" * 32,
        lambda real: digest(real),
    ],
    ids=["longer", "shorter", "other case", "empty", "made up", "its digest"],
)
def test_any_other_token_is_answered_null_without_an_error(
    backend: str, gql: GraphQL, token: str, ledger: str, catch_up: Callable[[], int], guess: Callable[[str], str]
) -> None:
    retrieval = hosted(gql, token, ledger)
    catch_up()
    assert _payment(gql, guess(retrieval)) is None


def test_a_collected_payment_has_no_token_to_be_found_by(
    gql: GraphQL, contexts: Contexts, customer: dict, token: str, ledger: str, catch_up: Callable[[], int]
) -> None:
    # given a direct debit payment (no retrieval token) and a standalone one
    direct_debit(contexts, customer, ledger)
    collect(contexts, customer, ledger, 1000, TODAY)
    hosted(gql, token, ledger)
    catch_up()
    # then only the standalone one's digest is kept, and nothing matches the others'
    rows = contexts.read.store.rows("SELECT retrieval_token_digest FROM payments ORDER BY retrieval_token_digest")
    assert sum(1 for (kept,) in rows if kept) == 1
    assert _payment(gql, "") is None and _payment(gql, "None") is None


def test_only_the_token_s_digest_is_stored(
    gql: GraphQL, contexts: Contexts, token: str, ledger: str, catch_up: Callable[[], int]
) -> None:
    retrieval = hosted(gql, token, ledger)
    catch_up()
    rows = contexts.read.store.rows("SELECT * FROM payments")
    assert not [row for row in rows if any(retrieval in str(value) for value in row)]
    assert [row for row in rows if digest(retrieval) in row]


def test_the_read_model_finds_a_payment_started_by_the_application_by_its_token_s_digest(
    contexts: Contexts, customer: dict, ledger: str, catch_up: Callable[[], int]
) -> None:
    started = contexts.payments.initiate_hosted_standalone_payment(
        commands.InitiateHostedStandalonePayment(
            account_number=customer["account_number"], amount=900, description="x", ledger_number=ledger
        )
    )
    catch_up()
    row = contexts.read.payments.with_retrieval_token_digest(digest(started.retrieval_token))
    assert row is not None and row["number"] == started.payment.number
