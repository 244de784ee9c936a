"""getEmbeddedSecretForNewPaymentInstruction: a fresh client secret for the provider's embedded form."""

from __future__ import annotations

from typing import Any

from domain.payments.payment_instruction import InstructionSetup
from domain.shared.digests import digest
from projections.contexts import Contexts
from tests.helpers import GraphQL, refused_with

SECRET = """
mutation Secret($input: GetEmbeddedSecretForNewPaymentInstructionInput!) {
  getEmbeddedSecretForNewPaymentInstruction(input: $input) { secretKey }
}
"""


def ask(gql: GraphQL, token: str | None, **input: Any) -> dict[str, Any]:
    return gql(SECRET, {"input": {"instructionType": "CARD", **input}}, token=token)


def test_the_viewer_gets_a_secret_whose_digest_alone_is_recorded(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str
) -> None:
    # when
    body = ask(gql, token, accountNumber=customer["account_number"], ledgerNumber=ledger)
    # then
    assert "errors" not in body, body
    secret = body["data"]["getEmbeddedSecretForNewPaymentInstruction"]["secretKey"]
    setup = contexts.payments.load(InstructionSetup.id_for(secret))
    assert (setup.digest, setup.account_number, setup.ledger_number) == (
        digest(secret),
        customer["account_number"],
        ledger,
    )


def test_without_a_ledger_the_main_ledger_is_meant(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str
) -> None:
    body = ask(gql, token, accountNumber=customer["account_number"])
    secret = body["data"]["getEmbeddedSecretForNewPaymentInstruction"]["secretKey"]
    assert contexts.payments.load(InstructionSetup.id_for(secret)).ledger_number == ledger


def test_another_account_is_kt_ct_4177(gql: GraphQL, token: str, stranger: dict[str, str]) -> None:
    refused_with(ask(gql, token, accountNumber=stranger["account_number"]), "KT-CT-4177")


def test_another_account_s_ledger_is_kt_ct_3822(
    gql: GraphQL, customer: dict[str, str], token: str, ledger: str, stranger: dict[str, str]
) -> None:
    body = ask(gql, token, accountNumber=customer["account_number"], ledgerNumber=stranger["ledger"])
    refused_with(body, "KT-CT-3822")


def test_a_ledger_id_and_number_together_are_kt_ct_3820(
    gql: GraphQL, customer: dict[str, str], token: str, ledger: str
) -> None:
    body = ask(gql, token, accountNumber=customer["account_number"], ledgerId="1", ledgerNumber=ledger)
    refused_with(body, "KT-CT-3820")


def test_it_needs_a_valid_token(gql: GraphQL, customer: dict[str, str]) -> None:
    refused_with(ask(gql, "not-a-token", accountNumber=customer["account_number"]), "KT-CT-1111")
    refused_with(ask(gql, None, accountNumber=customer["account_number"]), "KT-CT-1112")
