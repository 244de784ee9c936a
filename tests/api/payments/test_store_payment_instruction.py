"""storePaymentInstruction: the card the provider's embedded form created, stored as the ledger's instruction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from projections.contexts import Contexts
from tests.helpers import GraphQL, refused_with

STORE = """
mutation Store($input: StorePaymentInstructionInput!) {
  storePaymentInstruction(input: $input) {
    paymentInstruction { id status instructionType vendor validFrom cardNumber sortCode iban accountHolder }
  }
}
"""
VALID_FROM = "2026-01-15T09:00:00+00:00"


def store(gql: GraphQL, token: str | None, **input: Any) -> dict[str, Any]:
    variables = {"instructionType": "CARD", "validFrom": VALID_FROM, "vendorReference": "pm_1QvX2", **input}
    return gql(STORE, {"input": variables}, token=token)


def test_the_card_is_stored_and_collects_for_the_ledger(
    ledger_id: Callable[[str], str],
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    ledger: str,
) -> None:
    # when
    body = store(gql, token, accountNumber=customer["account_number"], ledgerId=ledger_id(ledger))
    # then
    assert "errors" not in body, body
    stored = body["data"]["storePaymentInstruction"]["paymentInstruction"]
    assert {k: stored[k] for k in ("status", "instructionType", "vendor", "cardNumber", "sortCode")} == {
        "status": "ACTIVE",
        "instructionType": "CARD",
        "vendor": "SANDBOX",
        "cardNumber": "",
        "sortCode": "",
    }
    found = contexts.payments.ledger(ledger)
    assert found is not None and found.instruction_for("CARD", contexts.payments.clock.now()) == int(stored["id"])


def test_another_account_is_kt_ct_4177(gql: GraphQL, token: str, stranger: dict[str, str]) -> None:
    refused_with(store(gql, token, accountNumber=stranger["account_number"]), "KT-CT-4177")


def test_another_account_s_ledger_is_kt_ct_3822(
    gql: GraphQL, customer: dict[str, str], token: str, ledger: str, stranger: dict[str, str]
) -> None:
    body = store(gql, token, accountNumber=customer["account_number"], ledgerNumber=stranger["ledger"])
    refused_with(body, "KT-CT-3822")


def test_a_ledger_id_and_number_together_are_kt_ct_3820(
    gql: GraphQL, customer: dict[str, str], token: str, ledger: str
) -> None:
    body = store(gql, token, accountNumber=customer["account_number"], ledgerId="1", ledgerNumber=ledger)
    refused_with(body, "KT-CT-3820")


def test_it_needs_a_valid_token(gql: GraphQL, customer: dict[str, str]) -> None:
    refused_with(store(gql, "nope", accountNumber=customer["account_number"]), "KT-CT-1111")
    refused_with(store(gql, None, accountNumber=customer["account_number"]), "KT-CT-1112")
