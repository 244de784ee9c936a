"""getHostedUrlForNewPaymentInstruction: a URL of ours carrying a one-use token, recorded with its return URLs."""

from __future__ import annotations

from typing import Any

from api.payments.mutations.get_hosted_url_for_new_payment_instruction import HOSTED_SETUP_PATH
from domain.payments.payment_instruction import InstructionSetup, SetupFlow
from projections.contexts import Contexts
from settings import Settings
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.helpers import GraphQL, refused_with

HOSTED = """
mutation Hosted($input: GetHostedUrlForNewPaymentInstructionInput!) {
  getHostedUrlForNewPaymentInstruction(input: $input) { url }
}
"""


def ask(gql: GraphQL, token: str | None, **input: Any) -> dict[str, Any]:
    return gql(HOSTED, {"input": {"instructionType": "DIRECT_DEBIT", **input}}, token=token)


def test_the_url_carries_a_token_recorded_with_the_return_urls(
    backend: str,
    gql: GraphQL,
    settings: Settings,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    ledger: str,
) -> None:
    # when
    body = ask(
        gql,
        token,
        accountNumber=customer["account_number"],
        ledgerNumber=ledger,
        returnUrlSuccess="https://app.example/done",
        returnUrlCancel="https://app.example/cancelled",
    )
    # then
    assert "errors" not in body, body
    url = body["data"]["getHostedUrlForNewPaymentInstruction"]["url"]
    prefix = settings.public_url.rstrip("/") + HOSTED_SETUP_PATH
    assert url.startswith(prefix)
    setup = contexts.payments.load(InstructionSetup.id_for(url.removeprefix(prefix)))
    assert (setup.flow, setup.ledger_number, setup.instruction_type) == (SetupFlow.HOSTED, ledger, "DIRECT_DEBIT")
    assert setup.return_urls == {"success": "https://app.example/done", "cancel": "https://app.example/cancelled"}


def test_an_organisation_s_token_is_kt_ct_1128(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], ledger: str
) -> None:
    _, key = organisation(contexts)
    body = ask(gql, organisation_token(gql, key), accountNumber=customer["account_number"], ledgerNumber=ledger)
    refused_with(body, "KT-CT-1128")


def test_another_account_s_ledger_is_kt_ct_3822(
    gql: GraphQL, customer: dict[str, str], token: str, ledger: str, stranger: dict[str, str]
) -> None:
    body = ask(gql, token, accountNumber=customer["account_number"], ledgerNumber=stranger["ledger"])
    refused_with(body, "KT-CT-3822")
    body = ask(gql, token, accountNumber=stranger["account_number"], ledgerNumber=stranger["ledger"])
    refused_with(body, "KT-CT-3822")


def test_it_needs_a_valid_token(gql: GraphQL, customer: dict[str, str], ledger: str) -> None:
    refused_with(ask(gql, "nope", accountNumber=customer["account_number"], ledgerNumber=ledger), "KT-CT-1111")
    refused_with(ask(gql, None, accountNumber=customer["account_number"], ledgerNumber=ledger), "KT-CT-1112")
