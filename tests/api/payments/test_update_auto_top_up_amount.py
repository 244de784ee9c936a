"""updateAutoTopUpAmount: the active balance-triggered schedule is replaced, from today, with a new top-up amount."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from eventsourcing.persistence import RecordConflictError

from domain.payments import commands
from domain.payments.limits import PAYMENT_AMOUNT_LIMIT
from projections.contexts import Contexts
from tests.api.payments.collecting import direct_debit
from tests.api.payments.scheduling import plan_schedule, top_up_schedule
from tests.helpers import GraphQL, refused_with

UPDATE = """
mutation Update($input: UpdateAutoTopUpAmountInput!) {
  updateAutoTopUpAmount(input: $input) {
    schedule { id validFrom validTo paymentDay paymentAmount paymentFrequency isVariablePaymentAmount scheduleType }
  }
}
"""


def update(gql: GraphQL, token: str | None, **input: Any) -> dict[str, Any]:
    return gql(UPDATE, {"input": input}, token=token)


@pytest.fixture
def top_up(contexts: Contexts, customer: dict[str, str], ledger: str) -> int:
    """Ada tops up £20 by direct debit whenever her balance falls below £10."""
    direct_debit(contexts, customer, ledger)
    return top_up_schedule(contexts, customer, ledger, threshold=1000, amount=2000).id


def test_the_new_top_up_amount_applies_from_today(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str, top_up: int
) -> None:
    # when
    body = update(gql, token, accountNumber=customer["account_number"], ledgerNumber=ledger, paymentAmount=3500)
    # then
    assert "errors" not in body, body
    schedule = body["data"]["updateAutoTopUpAmount"]["schedule"]
    assert {k: v for k, v in schedule.items() if k != "id"} == {
        "validFrom": "2026-01-15",
        "validTo": None,
        "paymentDay": None,
        "paymentAmount": 3500,
        "paymentFrequency": None,
        "isVariablePaymentAmount": True,
        "scheduleType": "DIRECT_DEBIT",
    }
    stored = contexts.payments.payment_schedules(ledger)
    assert stored is not None
    active = stored.active(contexts.payments.clock.now().date())
    assert active is not None and (active.id, active.trigger_threshold) == (int(schedule["id"]), 1000)
    assert int(schedule["id"]) != top_up


def test_the_ledger_may_be_named_by_its_integer_id(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    ledger: str,
    top_up: int,
    ledger_id: Callable[[str], str],
) -> None:
    # The reference types this input's ledgerId as Int (32-bit): our ledger IDs fit in it.
    body = update(
        gql, token, accountNumber=customer["account_number"], ledgerId=int(ledger_id(ledger)), paymentAmount=2500
    )
    assert "errors" not in body, body
    assert body["data"]["updateAutoTopUpAmount"]["schedule"]["paymentAmount"] == 2500


def test_no_active_schedule_is_kt_ct_3815(gql: GraphQL, customer: dict[str, str], token: str, ledger: str) -> None:
    body = update(gql, token, accountNumber=customer["account_number"], ledgerNumber=ledger, paymentAmount=100)
    refused_with(body, "KT-CT-3815")


@pytest.mark.parametrize("amount", [0, -1, PAYMENT_AMOUNT_LIMIT + 1, 2**31 - 1])
def test_an_amount_not_positive_or_above_the_payment_amount_limit_is_kt_ct_3941(
    gql: GraphQL, customer: dict[str, str], token: str, ledger: str, top_up: int, amount: int
) -> None:
    body = update(gql, token, accountNumber=customer["account_number"], ledgerNumber=ledger, paymentAmount=amount)
    refused_with(body, "KT-CT-3941")


def test_a_save_that_keeps_conflicting_is_kt_ct_3942(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    ledger: str,
    top_up: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given: every save loses the race (fault injection)
    def lose_the_race(*_: object, **__: object) -> None:
        raise RecordConflictError("another writer got there first")

    monkeypatch.setattr(contexts.payments, "save", lose_the_race)
    body = update(gql, token, accountNumber=customer["account_number"], ledgerNumber=ledger, paymentAmount=100)
    refused_with(body, "KT-CT-3942")


def test_an_invalidated_collecting_instruction_is_kt_ct_3947(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str, top_up: int
) -> None:
    stored = contexts.payments.payment_schedules(ledger)
    assert stored is not None
    instruction = stored.get(top_up).instruction_number  # type: ignore[union-attr]
    contexts.payments.invalidate_payment_instruction(
        commands.InvalidatePaymentInstruction(
            account_number=customer["account_number"], instruction_id=str(instruction)
        )
    )
    body = update(gql, token, accountNumber=customer["account_number"], ledgerNumber=ledger, paymentAmount=100)
    refused_with(body, "KT-CT-3947")


def test_a_fixed_schedule_is_kt_ct_3953(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str
) -> None:
    direct_debit(contexts, customer, ledger)
    plan_schedule(contexts, customer, ledger)
    body = update(gql, token, accountNumber=customer["account_number"], ledgerNumber=ledger, paymentAmount=100)
    refused_with(body, "KT-CT-3953")


def test_ledger_selection_codes(
    gql: GraphQL, customer: dict[str, str], token: str, ledger: str, stranger: dict[str, str]
) -> None:
    number = customer["account_number"]
    # (ledgerId is an Int on the wire, too small for most ledger IDs: clients name ledgers by number.)
    both = update(gql, token, accountNumber=number, ledgerId=1, ledgerNumber=ledger, paymentAmount=1)
    refused_with(both, "KT-CT-3820")
    refused_with(update(gql, token, accountNumber=number, paymentAmount=1), "KT-CT-3821")
    refused_with(
        update(gql, token, accountNumber=number, ledgerNumber=stranger["ledger"], paymentAmount=1), "KT-CT-3822"
    )
    body = update(
        gql, token, accountNumber=stranger["account_number"], ledgerNumber=stranger["ledger"], paymentAmount=1
    )
    refused_with(body, "KT-CT-3822")


def test_it_needs_a_valid_token(gql: GraphQL, customer: dict[str, str], ledger: str) -> None:
    fields = {"accountNumber": customer["account_number"], "ledgerNumber": ledger, "paymentAmount": 100}
    refused_with(update(gql, "nope", **fields), "KT-CT-1111")
    refused_with(update(gql, None, **fields), "KT-CT-1112")
