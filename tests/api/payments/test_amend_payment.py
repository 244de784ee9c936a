"""amendPayment: a new amount or date for a payment of the account that has not been submitted yet."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from domain.payments import commands
from domain.payments.limits import PAYMENT_AMOUNT_LIMIT
from domain.payments.payment import Payment, PaymentStatus
from projections.contexts import Contexts
from tests.api.payments.collecting import direct_debit
from tests.helpers import GraphQL, refused_with

AMEND = """
mutation AmendPayment($input: AmendPaymentInput!) {
  amendPayment(input: $input) { payment { id amount paymentDate status } }
}
"""
TODAY = date(2026, 1, 15)  # the frozen clock's


def requested(contexts: Contexts, account: str, on: date, key: str = "k") -> Payment:
    return contexts.payments.collect_payment(
        commands.CollectPayment(
            account_number=account,
            amount=2500,
            payment_date=on,
            description="Top up",
            idempotency_key=key,
            collection_method="DIRECT_DEBIT",
            ledger_number="L-" + account.removeprefix("A-"),
        )
    )


def amend(gql: GraphQL, token: str | None, account: str, payment_id: int, **changes: Any) -> dict[str, Any]:
    given = {
        "accountNumber": account,
        "paymentId": payment_id,
        "amount": 4000,
        "paymentDate": (TODAY + timedelta(days=10)).isoformat(),
        "reason": "Customer asked",
    }
    return gql(AMEND, {"input": given | changes}, token=token)


def test_a_scheduled_payment_gets_a_new_amount_and_date(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str
) -> None:
    # given
    payment = requested(contexts, customer["account_number"], TODAY + timedelta(days=3))
    # when
    body = amend(gql, token, customer["account_number"], payment.number)
    # then
    assert body == {
        "data": {
            "amendPayment": {
                "payment": {
                    "id": str(payment.number),
                    "amount": 4000,
                    "paymentDate": "2026-01-25",
                    "status": "SCHEDULED",
                }
            }
        }
    }
    assert contexts.payments.payment(payment.number).amount == 4000


def test_a_payment_amended_to_today_is_collected_by_the_scheduler_job(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    ledger: str,
    catch_up: Callable[[], int],
) -> None:
    from workers.payments.collections import collect_due_payments

    # given a payment for later, and a direct debit
    direct_debit(contexts, customer, ledger)
    payment = requested(contexts, customer["account_number"], TODAY + timedelta(days=3))
    catch_up()
    # when it is brought forward to today (the worker saw it requested for later)
    amend(gql, token, customer["account_number"], payment.number, paymentDate=TODAY.isoformat())
    catch_up()
    assert contexts.payments.payment(payment.number).status is PaymentStatus.REQUESTED
    assert collect_due_payments(contexts, TODAY) == 1
    catch_up()
    # then
    assert contexts.payments.payment(payment.number).status is PaymentStatus.SUCCEEDED
    assert contexts.read.ledgers.ledger(ledger)["balance"] == 4000


def test_a_submitted_payment_can_no_longer_be_amended_kt_ct_3924(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str, catch_up: Callable[[], int]
) -> None:
    # given a payment due today, submitted by the worker
    direct_debit(contexts, customer, ledger)
    payment = requested(contexts, customer["account_number"], TODAY)
    catch_up()
    assert contexts.payments.payment(payment.number).status is not PaymentStatus.REQUESTED
    # when / then
    refused_with(amend(gql, token, customer["account_number"], payment.number), "KT-CT-3924")


@pytest.mark.parametrize(
    "changes",
    [
        {"amount": 0},
        {"amount": PAYMENT_AMOUNT_LIMIT + 1},
        {"amount": 2**31 - 1},
        {"paymentDate": (TODAY - timedelta(days=1)).isoformat()},
        {"paymentId": 1234567},
    ],
)
def test_an_amendment_that_cannot_be_made_is_kt_ct_3924(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str, changes: dict[str, Any]
) -> None:
    payment = requested(contexts, customer["account_number"], TODAY + timedelta(days=3))
    refused_with(amend(gql, token, customer["account_number"], payment.number, **changes), "KT-CT-3924")


def test_a_payment_of_another_account_is_kt_ct_3924(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, stranger: dict[str, str], ledger: str
) -> None:
    # given the stranger's payment, and Ada naming it under her own account
    theirs = requested(contexts, stranger["account_number"], TODAY + timedelta(days=3))
    refused_with(amend(gql, token, customer["account_number"], theirs.number), "KT-CT-3924")


def test_another_customer_s_account_is_kt_ct_4123(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, stranger: dict[str, str]
) -> None:
    theirs = requested(contexts, stranger["account_number"], TODAY + timedelta(days=3))
    refused_with(amend(gql, token, stranger["account_number"], theirs.number), "KT-CT-4123")


def test_a_bad_token_is_kt_ct_1111(gql: GraphQL, customer: dict[str, str]) -> None:
    refused_with(amend(gql, "not-a-token", customer["account_number"], 1234567), "KT-CT-1111")


def test_without_an_authorization_header_it_is_kt_ct_1112(gql: GraphQL, customer: dict[str, str]) -> None:
    refused_with(amend(gql, None, customer["account_number"], 1234567), "KT-CT-1112")
