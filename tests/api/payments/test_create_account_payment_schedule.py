"""createAccountPaymentSchedule: the active fixed schedule is replaced, from today, by one of another day or amount."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from eventsourcing.persistence import RecordConflictError

from domain.payments import commands
from domain.payments.limits import PAYMENT_AMOUNT_LIMIT
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.loyalty.conftest import token_for
from tests.api.payments.collecting import direct_debit
from tests.api.payments.scheduling import fixed_schedule, plan_schedule, top_up_schedule
from tests.helpers import GraphQL, refused_with

CREATE = """
mutation Create($input: CreateAccountPaymentScheduleInput!) {
  createAccountPaymentSchedule(input: $input) {
    schedule {
      id validFrom validTo reason paymentHolidayReason paymentDay paymentFrequency paymentFrequencyMultiplier
      paymentAmount isVariablePaymentAmount isPaymentHoliday scheduleType
    }
  }
}
"""


def create(gql: GraphQL, token: str | None, **input: Any) -> dict[str, Any]:
    return gql(CREATE, {"input": input}, token=token)


@pytest.fixture
def active(contexts: Contexts, customer: dict[str, str], ledger: str, clock: FrozenClock) -> str:
    """A £50 direct debit schedule on the 20th, active since today (the 20th); a fresh token for then."""
    direct_debit(contexts, customer, ledger)
    fixed_schedule(contexts, customer, ledger, day=20, amount=5000)
    clock.advance(timedelta(days=5))
    return token_for(contexts, customer["email"])


def test_a_new_amount_replaces_the_active_schedule_from_today(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict[str, str], ledger: str, active: str
) -> None:
    # when
    body = create(gql, active, accountNumber=customer["account_number"], ledgerNumber=ledger, paymentAmount=6500)
    # then
    assert "errors" not in body, body
    schedule = body["data"]["createAccountPaymentSchedule"]["schedule"]
    assert {k: v for k, v in schedule.items() if k != "id"} == {
        "validFrom": "2026-01-20",
        "validTo": None,
        "reason": "GENERAL_ACCOUNT_PAYMENT",
        "paymentHolidayReason": "",
        "paymentDay": 20,
        "paymentFrequency": "Monthly",
        "paymentFrequencyMultiplier": 1,
        "paymentAmount": 6500,
        "isVariablePaymentAmount": False,
        "isPaymentHoliday": False,
        "scheduleType": "DIRECT_DEBIT",
    }
    schedules = contexts.payments.payment_schedules(ledger)
    assert schedules is not None
    assert sorted((s.valid_to is None, s.amount) for s in schedules.schedules.values()) == [(False, 5000), (True, 6500)]


def test_no_active_schedule_is_kt_ct_3815(gql: GraphQL, customer: dict[str, str], token: str, ledger: str) -> None:
    body = create(gql, token, accountNumber=customer["account_number"], ledgerNumber=ledger, paymentDay=3)
    refused_with(body, "KT-CT-3815")


def test_a_ledger_of_another_account_is_kt_ct_3822(
    gql: GraphQL, customer: dict[str, str], token: str, ledger: str, stranger: dict[str, str]
) -> None:
    body = create(gql, token, accountNumber=customer["account_number"], ledgerNumber=stranger["ledger"], paymentDay=3)
    refused_with(body, "KT-CT-3822")


def test_another_account_s_schedule_is_kt_ct_3923(gql: GraphQL, token: str, stranger: dict[str, str]) -> None:
    body = create(gql, token, accountNumber=stranger["account_number"], ledgerNumber=stranger["ledger"], paymentDay=3)
    refused_with(body, "KT-CT-3923")


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"paymentAmount": 0}, "KT-CT-3941"),
        ({"paymentAmount": -100}, "KT-CT-3941"),
        ({"paymentAmount": PAYMENT_AMOUNT_LIMIT + 1}, "KT-CT-3941"),
        ({"paymentAmount": 2**31 - 1}, "KT-CT-3941"),
        ({"paymentDay": 29}, "KT-CT-3960"),
        ({"paymentDay": 0}, "KT-CT-3960"),
        ({}, "KT-CT-3962"),
        ({"paymentDay": 20, "paymentAmount": 5000}, "KT-CT-3962"),
    ],
)
def test_refused_values(
    gql: GraphQL, customer: dict[str, str], ledger: str, active: str, values: dict[str, int], code: str
) -> None:
    refused_with(create(gql, active, accountNumber=customer["account_number"], ledgerNumber=ledger, **values), code)


def test_a_save_that_keeps_conflicting_is_kt_ct_3942(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    ledger: str,
    active: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given: every save loses the race (fault injection)
    def lose_the_race(*_: object, **__: object) -> None:
        raise RecordConflictError("another writer got there first")

    monkeypatch.setattr(contexts.payments, "save", lose_the_race)
    # when
    body = create(gql, active, accountNumber=customer["account_number"], ledgerNumber=ledger, paymentDay=5)
    # then
    refused_with(body, "KT-CT-3942")


def test_an_invalidated_collecting_instruction_is_kt_ct_3947(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], ledger: str, active: str
) -> None:
    schedules = contexts.payments.payment_schedules(ledger)
    assert schedules is not None
    [schedule] = schedules.schedules.values()
    contexts.payments.invalidate_payment_instruction(
        commands.InvalidatePaymentInstruction(
            account_number=customer["account_number"], instruction_id=str(schedule.instruction_number)
        )
    )
    body = create(gql, active, accountNumber=customer["account_number"], ledgerNumber=ledger, paymentDay=5)
    refused_with(body, "KT-CT-3947")


def test_a_debt_repayment_plan_s_schedule_is_kt_ct_3961(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str
) -> None:
    direct_debit(contexts, customer, ledger)
    plan_schedule(contexts, customer, ledger)
    body = create(gql, token, accountNumber=customer["account_number"], ledgerNumber=ledger, paymentAmount=100)
    refused_with(body, "KT-CT-3961")


def test_a_top_up_schedule_has_no_payment_day_kt_ct_3941(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str
) -> None:
    direct_debit(contexts, customer, ledger)
    top_up_schedule(contexts, customer, ledger)
    body = create(gql, token, accountNumber=customer["account_number"], ledgerNumber=ledger, paymentDay=4)
    refused_with(body, "KT-CT-3941")


def test_it_needs_a_valid_token(gql: GraphQL, customer: dict[str, str], ledger: str) -> None:
    fields = {"accountNumber": customer["account_number"], "ledgerNumber": ledger, "paymentDay": 3}
    refused_with(create(gql, "nope", **fields), "KT-CT-1111")
    refused_with(create(gql, None, **fields), "KT-CT-1112")
