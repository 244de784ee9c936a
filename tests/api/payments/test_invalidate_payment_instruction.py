"""invalidatePaymentInstruction: the instruction stops collecting; its integer id is answered."""

from __future__ import annotations

from typing import Any

from domain.payments.payment_instruction import InstructionStatus, PaymentInstruction
from projections.contexts import Contexts
from tests.api.payments.collecting import direct_debit
from tests.helpers import GraphQL, refused_with

INVALIDATE = """
mutation Invalidate($input: InvalidatePaymentInstructionInput!) {
  invalidatePaymentInstruction(input: $input) { instruction { id } }
}
"""


def invalidate(gql: GraphQL, token: str | None, account_number: str, instruction_id: object) -> dict[str, Any]:
    return gql(INVALIDATE, {"input": {"accountNumber": account_number, "id": str(instruction_id)}}, token=token)


def test_the_instruction_is_invalidated_and_unlinked_from_its_ledger(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str
) -> None:
    # given
    instruction = direct_debit(contexts, customer, ledger)
    # when
    body = invalidate(gql, token, customer["account_number"], instruction.number)
    # then
    assert body == {"data": {"invalidatePaymentInstruction": {"instruction": {"id": instruction.number}}}}
    found: PaymentInstruction = contexts.payments.load(PaymentInstruction.id_for(instruction.number))
    assert found.status is InstructionStatus.INVALIDATED
    linked = contexts.payments.ledger(ledger)
    assert linked is not None and linked.instruction_for(None, contexts.payments.clock.now()) is None


def test_another_account_s_instruction_or_an_unknown_one_is_kt_ct_3926(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str, stranger: dict[str, str]
) -> None:
    instruction = direct_debit(contexts, customer, ledger)
    stranger_token = stranger["token"]
    refused_with(invalidate(gql, stranger_token, stranger["account_number"], instruction.number), "KT-CT-3926")
    refused_with(invalidate(gql, stranger_token, customer["account_number"], instruction.number), "KT-CT-3926")
    refused_with(invalidate(gql, token, customer["account_number"], "9999999"), "KT-CT-3926")


def test_it_needs_a_valid_token(gql: GraphQL, customer: dict[str, str]) -> None:
    refused_with(invalidate(gql, "nope", customer["account_number"], 1234567), "KT-CT-1111")
    refused_with(invalidate(gql, None, customer["account_number"], 1234567), "KT-CT-1112")
