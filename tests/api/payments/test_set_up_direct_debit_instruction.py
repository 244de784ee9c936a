"""setUpDirectDebitInstruction: a UK direct debit mandate from a sort code and account number, or a GB IBAN."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.payments.ledger import main_ledger_number
from domain.payments.payment_instruction import PaymentInstruction
from projections.contexts import Contexts
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.helpers import GraphQL, refused_with

SET_UP = """
mutation SetUp($input: SetUpDirectDebitInstructionInput!) {
  setUpDirectDebitInstruction(input: $input) {
    paymentInstruction {
      id status instructionType sortCode iban accountHolder
      lastFourDigitsOfAccountNumber maskedAccountIdentifier maskedIban
    }
  }
}
"""
BANK = {"accountHolder": "Ada Lovelace", "bankCode": "20-00-00", "accountNumber": "55779911"}
VALID_FROM = "2026-01-16T00:00:00+00:00"


def set_up(gql: GraphQL, token: str | None, bank: dict[str, str] | None = None, **input: Any) -> dict[str, Any]:
    variables = {"validFrom": VALID_FROM, "bankDetails": BANK if bank is None else bank, **input}
    return gql(SET_UP, {"input": variables}, token=token)


def test_a_mandate_is_set_up_for_the_viewer_with_masked_details(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str
) -> None:
    # when
    body = set_up(gql, token, accountNumber=customer["account_number"], ledgerNumber=ledger)
    # then
    assert "errors" not in body, body
    shown = body["data"]["setUpDirectDebitInstruction"]["paymentInstruction"]
    assert {k: v for k, v in shown.items() if k != "id"} == {
        "status": "ACTIVE",
        "instructionType": "DIRECT_DEBIT",
        "sortCode": "200000",
        "iban": "",
        "accountHolder": "Ada Lovelace",
        "lastFourDigitsOfAccountNumber": "9911",
        "maskedAccountIdentifier": "****9911",
        "maskedIban": None,
    }
    stored: PaymentInstruction = contexts.payments.load(PaymentInstruction.id_for(int(shown["id"])))
    assert stored.account_user_id == customer["user_id"]


def test_an_iban_alone_will_do_and_the_holder_defaults_to_the_viewer(
    ledger_id: Callable[[str], str], gql: GraphQL, customer: dict[str, str], token: str, ledger: str
) -> None:
    bank = {"iban": "GB29 NWBK 6016 1331 9268 19"}
    body = set_up(gql, token, bank, accountNumber=customer["account_number"], ledgerId=ledger_id(ledger))
    shown = body["data"]["setUpDirectDebitInstruction"]["paymentInstruction"]
    assert (shown["sortCode"], shown["iban"], shown["accountHolder"]) == (
        "601613",
        "GB29NWBK60161331926819",
        "Ada Lovelace",
    )
    assert shown["maskedIban"] == "GB29**************6819"


def test_a_ledger_id_and_number_together_are_kt_ct_3820(
    gql: GraphQL, customer: dict[str, str], token: str, ledger: str
) -> None:
    body = set_up(gql, token, accountNumber=customer["account_number"], ledgerId="1", ledgerNumber=ledger)
    refused_with(body, "KT-CT-3820")


def test_no_ledger_is_kt_ct_3821(gql: GraphQL, customer: dict[str, str], token: str, ledger: str) -> None:
    refused_with(set_up(gql, token, accountNumber=customer["account_number"]), "KT-CT-3821")


def test_bad_bank_details_or_a_foreign_ledger_are_kt_ct_3940(
    gql: GraphQL, customer: dict[str, str], token: str, ledger: str, stranger: dict[str, str]
) -> None:
    number = customer["account_number"]
    bad_sort_code = {**BANK, "bankCode": "2000"}
    refused_with(set_up(gql, token, bad_sort_code, accountNumber=number, ledgerNumber=ledger), "KT-CT-3940")
    refused_with(set_up(gql, token, accountNumber=number, ledgerNumber=stranger["ledger"]), "KT-CT-3940")


def test_a_business_bank_account_is_kt_ct_11103(
    gql: GraphQL, customer: dict[str, str], token: str, ledger: str
) -> None:
    bank = {**BANK, "accountType": "BUSINESS"}
    body = set_up(gql, token, bank, accountNumber=customer["account_number"], ledgerNumber=ledger)
    refused_with(body, "KT-CT-11103")


def test_an_organisation_on_an_account_without_users_is_kt_ct_5415(
    gql: GraphQL, contexts: Contexts, catch_up: Callable[[], int]
) -> None:
    # given: an account nobody has registered for yet
    account = contexts.accounts.open_account("Nobody Yet")
    catch_up()
    _, key = organisation(contexts)
    # when
    body = set_up(
        gql, organisation_token(gql, key), accountNumber=account.number, ledgerNumber=main_ledger_number(account.number)
    )
    # then
    refused_with(body, "KT-CT-5415")


def test_an_organisation_sets_one_up_held_by_the_account_s_user(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], ledger: str, catch_up: Callable[[], int]
) -> None:
    catch_up()
    _, key = organisation(contexts)
    bank = {k: v for k, v in BANK.items() if k != "accountHolder"}
    body = set_up(
        gql, organisation_token(gql, key), bank, accountNumber=customer["account_number"], ledgerNumber=ledger
    )
    shown = body["data"]["setUpDirectDebitInstruction"]["paymentInstruction"]
    assert shown["accountHolder"] == "Ada Lovelace"
    stored: PaymentInstruction = contexts.payments.load(PaymentInstruction.id_for(int(shown["id"])))
    assert stored.account_user_id == customer["user_id"]


def test_another_account_is_kt_ct_1111(gql: GraphQL, token: str, stranger: dict[str, str]) -> None:
    body = set_up(gql, token, accountNumber=stranger["account_number"], ledgerNumber=stranger["ledger"])
    refused_with(body, "KT-CT-1111")


def test_it_needs_an_authorization_header(gql: GraphQL, customer: dict[str, str], ledger: str) -> None:
    refused_with(set_up(gql, None, accountNumber=customer["account_number"], ledgerNumber=ledger), "KT-CT-1112")
