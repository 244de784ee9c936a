"""updatePaymentSchedule: a current or future schedule, found by its id, changes its payment day or amount."""

from __future__ import annotations

from typing import Any

import pytest
from eventsourcing.persistence import RecordConflictError

from domain.payments.limits import PAYMENT_AMOUNT_LIMIT
from projections.contexts import Contexts
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.payments.collecting import direct_debit
from tests.api.payments.scheduling import fixed_schedule, plan_schedule
from tests.helpers import GraphQL, refused_with

UPDATE = """
mutation Update($input: UpdatePaymentScheduleInput!) {
  updatePaymentSchedule(input: $input) { paymentSchedule { id validFrom paymentDay paymentAmount } }
}
"""


def update(gql: GraphQL, token: str | None, **input: Any) -> dict[str, Any]:
    return gql(UPDATE, {"input": input}, token=token)


@pytest.fixture
def schedule_id(contexts: Contexts, customer: dict[str, str], ledger: str) -> str:
    direct_debit(contexts, customer, ledger)
    return str(fixed_schedule(contexts, customer, ledger, day=20, amount=5000).id)


def test_the_schedule_changes_in_place(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str, schedule_id: str
) -> None:
    # when
    body = update(
        gql,
        token,
        accountNumber=customer["account_number"],
        paymentScheduleId=schedule_id,
        paymentDay=22,
        paymentAmount=4200,
    )
    # then
    assert body == {
        "data": {
            "updatePaymentSchedule": {
                "paymentSchedule": {
                    "id": schedule_id,
                    "validFrom": "2026-01-20",
                    "paymentDay": 22,
                    "paymentAmount": 4200,
                }
            }
        }
    }
    stored = contexts.payments.payment_schedules(ledger)
    assert stored is not None and stored.get(int(schedule_id)).amount == 4200  # type: ignore[union-attr]


def test_an_organisation_s_token_is_kt_ct_1128(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], schedule_id: str
) -> None:
    _, key = organisation(contexts)
    body = update(
        gql,
        organisation_token(gql, key),
        accountNumber=customer["account_number"],
        paymentScheduleId=schedule_id,
        paymentDay=3,
    )
    refused_with(body, "KT-CT-1128")


@pytest.mark.parametrize("unknown", ["1234567", "not-a-number"])
def test_an_unknown_schedule_is_kt_ct_3966(gql: GraphQL, customer: dict[str, str], token: str, unknown: str) -> None:
    body = update(gql, token, accountNumber=customer["account_number"], paymentScheduleId=unknown, paymentDay=3)
    refused_with(body, "KT-CT-3966")


def test_another_account_s_schedule_is_kt_ct_3966(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], schedule_id: str, stranger: dict[str, str]
) -> None:
    body = update(
        gql, stranger["token"], accountNumber=stranger["account_number"], paymentScheduleId=schedule_id, paymentDay=3
    )
    refused_with(body, "KT-CT-3966")


def test_a_save_that_keeps_conflicting_is_kt_ct_3942(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    schedule_id: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given: every save loses the race (fault injection)
    def lose_the_race(*_: object, **__: object) -> None:
        raise RecordConflictError("another writer got there first")

    monkeypatch.setattr(contexts.payments, "save", lose_the_race)
    body = update(gql, token, accountNumber=customer["account_number"], paymentScheduleId=schedule_id, paymentDay=3)
    refused_with(body, "KT-CT-3942")


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({}, "KT-CT-3962"),
        ({"paymentDay": 20}, "KT-CT-3962"),
        ({"paymentDay": 30}, "KT-CT-3960"),
        ({"paymentAmount": 0}, "KT-CT-3941"),
        ({"paymentAmount": PAYMENT_AMOUNT_LIMIT + 1}, "KT-CT-3941"),
        ({"paymentAmount": 2**31 - 1}, "KT-CT-3941"),
    ],
)
def test_bad_new_values_are_refused_with_create_account_payment_schedule_s_codes(
    gql: GraphQL, customer: dict[str, str], token: str, schedule_id: str, values: dict[str, int], code: str
) -> None:
    body = update(gql, token, accountNumber=customer["account_number"], paymentScheduleId=schedule_id, **values)
    refused_with(body, code)


def test_a_plan_s_schedule_is_kt_ct_3961(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str
) -> None:
    direct_debit(contexts, customer, ledger)
    plan = plan_schedule(contexts, customer, ledger)
    body = update(gql, token, accountNumber=customer["account_number"], paymentScheduleId=str(plan.id), paymentDay=4)
    refused_with(body, "KT-CT-3961")


def test_it_needs_a_valid_token(gql: GraphQL, customer: dict[str, str], schedule_id: str) -> None:
    fields = {"accountNumber": customer["account_number"], "paymentScheduleId": schedule_id, "paymentDay": 3}
    refused_with(update(gql, "nope", **fields), "KT-CT-1111")
    refused_with(update(gql, None, **fields), "KT-CT-1112")
