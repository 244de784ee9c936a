"""createDirectDebitPaymentSchedule: a fixed schedule collected by the ledger's existing direct debit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from domain.payments.collection_commands import OVER_LEDGER_LIMIT
from domain.payments.limits import LEDGER_BALANCE_LIMIT, PAYMENT_AMOUNT_LIMIT
from domain.payments.payment import Payment, PaymentStatus
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.payments.collecting import direct_debit
from tests.api.payments.funds import fund
from tests.api.payments.scheduling import owe
from tests.helpers import GraphQL, refused_with
from workers import runtime as workers_runtime
from workers.payments.sandbox import SandboxProvider
from workers.payments.schedules import collect_due_schedules

CREATE = """
mutation Create($input: CreateDirectDebitPaymentScheduleInput!) {
  createDirectDebitPaymentSchedule(input: $input) {
    paymentSchedule { id validFrom validTo reason paymentDay paymentAmount paymentFrequency scheduleType }
  }
}
"""


def create(gql: GraphQL, token: str | None, **input: Any) -> dict[str, Any]:
    return gql(CREATE, {"input": {"paymentDay": 20, **input}}, token=token)


def test_the_schedule_starts_on_the_next_payment_day(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str
) -> None:
    # given
    direct_debit(contexts, customer, ledger)
    # when
    body = create(gql, token, accountNumber=customer["account_number"], ledgerNumber=ledger, paymentAmount=3000)
    # then
    assert "errors" not in body, body
    schedule = body["data"]["createDirectDebitPaymentSchedule"]["paymentSchedule"]
    assert {k: v for k, v in schedule.items() if k != "id"} == {
        "validFrom": "2026-01-20",
        "validTo": None,
        "reason": "GENERAL_ACCOUNT_PAYMENT",
        "paymentDay": 20,
        "paymentAmount": 3000,
        "paymentFrequency": "Monthly",
        "scheduleType": "DIRECT_DEBIT",
    }
    stored = contexts.payments.payment_schedules(ledger)
    assert stored is not None and list(stored.schedules) == [int(schedule["id"])]


def test_without_an_amount_what_is_owed_is_spread_over_a_year(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str
) -> None:
    direct_debit(contexts, customer, ledger)
    owe(contexts, ledger, 1200)
    body = create(gql, token, accountNumber=customer["account_number"], ledgerNumber=ledger)
    assert body["data"]["createDirectDebitPaymentSchedule"]["paymentSchedule"]["paymentAmount"] == 100


def test_an_organisation_s_token_is_kt_ct_1128(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], ledger: str
) -> None:
    _, key = organisation(contexts)
    body = create(gql, organisation_token(gql, key), accountNumber=customer["account_number"], ledgerNumber=ledger)
    refused_with(body, "KT-CT-1128")


@pytest.mark.parametrize(
    "values",
    [
        {"paymentDay": 29},
        {"paymentDay": 0},
        {"paymentAmount": 0},
        {"paymentAmount": -1},
        {"paymentAmount": PAYMENT_AMOUNT_LIMIT + 1},
        {"paymentAmount": 2**31 - 1},
    ],
)
def test_invalid_settings_are_kt_gb_3931(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str, values: dict[str, int]
) -> None:
    direct_debit(contexts, customer, ledger)
    refused_with(
        create(gql, token, accountNumber=customer["account_number"], ledgerNumber=ledger, **values), "KT-GB-3931"
    )


def test_no_direct_debit_or_another_account_s_ledger_is_kt_gb_3931(
    gql: GraphQL, customer: dict[str, str], token: str, ledger: str, stranger: dict[str, str]
) -> None:
    number = customer["account_number"]
    refused_with(create(gql, token, accountNumber=number, ledgerNumber=ledger, paymentAmount=100), "KT-GB-3931")
    body = create(gql, token, accountNumber=number, ledgerNumber=stranger["ledger"], paymentAmount=100)
    refused_with(body, "KT-GB-3931")


def test_a_ledger_with_a_future_schedule_is_kt_ct_3964(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str
) -> None:
    direct_debit(contexts, customer, ledger)
    first = create(gql, token, accountNumber=customer["account_number"], ledgerNumber=ledger, paymentAmount=100)
    assert "errors" not in first, first
    body = create(gql, token, accountNumber=customer["account_number"], ledgerNumber=ledger, paymentAmount=200)
    refused_with(body, "KT-CT-3964")


def test_no_amount_and_nothing_owed_is_kt_ct_3965(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str
) -> None:
    direct_debit(contexts, customer, ledger)
    refused_with(create(gql, token, accountNumber=customer["account_number"], ledgerNumber=ledger), "KT-CT-3965")


def test_it_needs_a_valid_token(gql: GraphQL, customer: dict[str, str], ledger: str, stranger: dict[str, str]) -> None:
    refused_with(create(gql, "nope", accountNumber=customer["account_number"], ledgerNumber=ledger), "KT-CT-1111")
    refused_with(create(gql, None, accountNumber=customer["account_number"], ledgerNumber=ledger), "KT-CT-1112")
    body = create(gql, stranger["token"], accountNumber=customer["account_number"], ledgerNumber=ledger)
    refused_with(body, "KT-CT-1111")


def test_a_scheduled_payment_the_ledger_has_no_room_for_is_recorded_failed_once_and_never_charged(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    ledger: str,
    clock: FrozenClock,
    catch_up: Callable[[], int],
) -> None:
    # given a schedule of £50 on the 20th, on a ledger with room for £49.99 more
    direct_debit(contexts, customer, ledger)
    fund(contexts, ledger, LEDGER_BALANCE_LIMIT - 4999)
    create(gql, token, accountNumber=customer["account_number"], ledgerNumber=ledger, paymentAmount=5000)
    catch_up()
    # when its day comes, and the scheduler and the workers run as often as they like
    for day in (20, 20, 21):
        clock.at = datetime(2026, 1, day, 6, tzinfo=UTC)
        collect_due_schedules(contexts, clock.at.date())
        catch_up()
    # then one payment was asked for, and recorded failed before anything was charged
    (row,) = contexts.read.payments.of_account(customer["account_number"])
    payment = contexts.payments.payment(row["number"])
    assert payment is not None and (payment.status, payment.failure_reason) == (PaymentStatus.FAILED, OVER_LEDGER_LIMIT)
    provider = workers_runtime.provider()
    assert isinstance(provider, SandboxProvider) and provider.charges(Payment.key_for(payment.number)) == 0
    assert contexts.read.ledgers.ledger(ledger)["balance"] == LEDGER_BALANCE_LIMIT - 4999
