"""createDirectDebitInstructionAndSchedule: a new mandate and the fixed schedule it collects, saved together."""

from __future__ import annotations

from typing import Any

import pytest
from eventsourcing.persistence import RecordConflictError

from domain.payments import commands
from domain.payments.limits import PAYMENT_AMOUNT_LIMIT
from domain.payments.payment_instruction import PaymentInstruction
from projections.contexts import Contexts
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.payments.collecting import direct_debit
from tests.api.payments.scheduling import fixed_schedule, owe
from tests.helpers import GraphQL, refused_with

CREATE = """
mutation Create($input: CreateDirectDebitInstructionAndScheduleInput!) {
  createDirectDebitInstructionAndSchedule(input: $input) {
    paymentInstruction { id status instructionType sortCode accountHolder maskedAccountIdentifier }
    paymentSchedule {
      id validFrom validTo paymentDay paymentAmount paymentFrequency scheduleType isVariablePaymentAmount
    }
  }
}
"""
BANK = {"accountHolder": "Ada Lovelace", "sortCode": "20-00-00", "accountNumber": "55779911"}


def create(gql: GraphQL, token: str | None, bank: dict[str, str] | None = None, **input: Any) -> dict[str, Any]:
    return gql(CREATE, {"input": {"directDebitInstruction": bank or BANK, "paymentDay": 5, **input}}, token=token)


def test_the_mandate_and_its_schedule_from_the_next_payment_day(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str
) -> None:
    # when
    body = create(gql, token, accountNumber=customer["account_number"], ledgerNumber=ledger, paymentAmount=4500)
    # then
    assert "errors" not in body, body
    created = body["data"]["createDirectDebitInstructionAndSchedule"]
    assert {k: v for k, v in created["paymentInstruction"].items() if k != "id"} == {
        "status": "ACTIVE",
        "instructionType": "DIRECT_DEBIT",
        "sortCode": "200000",
        "accountHolder": "Ada Lovelace",
        "maskedAccountIdentifier": "****9911",
    }
    assert {k: v for k, v in created["paymentSchedule"].items() if k != "id"} == {
        "validFrom": "2026-02-05",
        "validTo": None,
        "paymentDay": 5,
        "paymentAmount": 4500,
        "paymentFrequency": "Monthly",
        "scheduleType": "DIRECT_DEBIT",
        "isVariablePaymentAmount": False,
    }
    instruction: PaymentInstruction = contexts.payments.load(
        PaymentInstruction.id_for(int(created["paymentInstruction"]["id"]))
    )
    assert instruction.account_user_id == customer["user_id"]


def test_without_an_amount_the_debt_is_spread_over_a_year(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str
) -> None:
    owe(contexts, ledger, 24000)
    body = create(gql, token, accountNumber=customer["account_number"], ledgerNumber=ledger)
    assert body["data"]["createDirectDebitInstructionAndSchedule"]["paymentSchedule"]["paymentAmount"] == 2000


def test_an_organisation_s_token_is_kt_ct_1128(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], ledger: str
) -> None:
    _, key = organisation(contexts)
    body = create(gql, organisation_token(gql, key), accountNumber=customer["account_number"], ledgerNumber=ledger)
    refused_with(body, "KT-CT-1128")


def test_a_save_that_keeps_conflicting_is_kt_ct_3947(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: every save loses the race (fault injection)
    def lose_the_race(*_: object, **__: object) -> None:
        raise RecordConflictError("another writer got there first")

    monkeypatch.setattr(contexts.payments, "save", lose_the_race)
    body = create(gql, token, accountNumber=customer["account_number"], ledgerNumber=ledger, paymentAmount=100)
    refused_with(body, "KT-CT-3947")


def test_a_ledger_with_an_active_direct_debit_is_kt_ct_3948(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str
) -> None:
    direct_debit(contexts, customer, ledger)
    body = create(gql, token, accountNumber=customer["account_number"], ledgerNumber=ledger, paymentAmount=100)
    refused_with(body, "KT-CT-3948")


@pytest.mark.parametrize(
    ("bank", "values"),
    [
        ({**BANK, "sortCode": "123"}, {"paymentAmount": 100}),
        ({**BANK, "accountHolder": " "}, {"paymentAmount": 100}),
        (BANK, {"paymentDay": 31, "paymentAmount": 100}),
        (BANK, {"paymentAmount": 0}),
        (BANK, {"paymentAmount": PAYMENT_AMOUNT_LIMIT + 1}),
        (BANK, {"paymentAmount": 2**31 - 1}),
    ],
)
def test_invalid_bank_details_or_schedule_settings_are_kt_gb_3930(
    gql: GraphQL, customer: dict[str, str], token: str, ledger: str, bank: dict[str, str], values: dict[str, int]
) -> None:
    body = create(gql, token, bank, accountNumber=customer["account_number"], ledgerNumber=ledger, **values)
    refused_with(body, "KT-GB-3930")


def test_a_ledger_of_another_account_is_kt_gb_3930(
    gql: GraphQL, customer: dict[str, str], token: str, ledger: str, stranger: dict[str, str]
) -> None:
    body = create(gql, token, accountNumber=customer["account_number"], ledgerNumber=stranger["ledger"])
    refused_with(body, "KT-GB-3930")


def test_a_ledger_with_a_future_schedule_is_kt_ct_3964(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str
) -> None:
    # given: a schedule that starts on the 20th, whose direct debit was then cancelled
    instruction = direct_debit(contexts, customer, ledger)
    fixed_schedule(contexts, customer, ledger)
    contexts.payments.invalidate_payment_instruction(
        commands.InvalidatePaymentInstruction(
            account_number=customer["account_number"], instruction_id=str(instruction.number)
        )
    )
    body = create(gql, token, accountNumber=customer["account_number"], ledgerNumber=ledger, paymentAmount=100)
    refused_with(body, "KT-CT-3964")


def test_no_amount_and_nothing_owed_is_kt_ct_3965(
    gql: GraphQL, customer: dict[str, str], token: str, ledger: str
) -> None:
    refused_with(create(gql, token, accountNumber=customer["account_number"], ledgerNumber=ledger), "KT-CT-3965")


def test_it_needs_a_valid_token(gql: GraphQL, customer: dict[str, str], ledger: str, stranger: dict[str, str]) -> None:
    refused_with(create(gql, "nope", accountNumber=customer["account_number"], ledgerNumber=ledger), "KT-CT-1111")
    refused_with(create(gql, None, accountNumber=customer["account_number"], ledgerNumber=ledger), "KT-CT-1112")
    body = create(gql, stranger["token"], accountNumber=customer["account_number"], ledgerNumber=ledger)
    refused_with(body, "KT-CT-1111")
