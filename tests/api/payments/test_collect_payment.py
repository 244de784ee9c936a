"""collectPayment: a one-off payment now (with an instruction of the method given) or on a future
date; collected by the worker through the provider, once, even when identical requests race."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from domain.payments import commands
from domain.payments.ledger import LedgerKind
from domain.payments.limits import LEDGER_BALANCE_LIMIT, MAX_LEDGERS_PER_ACCOUNT, PAYMENT_AMOUNT_LIMIT
from domain.payments.payment import Payment, PaymentStatus
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.payments.collecting import direct_debit
from tests.api.payments.funds import fund
from tests.helpers import GraphQL, refused_with
from workers import runtime as workers_runtime
from workers.payments.sandbox import SandboxProvider

COLLECT = """
mutation CollectPayment($input: CollectPaymentInput!) {
  collectPayment(input: $input) { payment { id amount paymentDate reference status transactionType } }
}
"""
TODAY = date(2026, 1, 15)  # the frozen clock's


def collect(gql: GraphQL, token: str | None, account: str, **changes: Any) -> dict[str, Any]:
    given = {
        "accountNumber": account,
        "amount": 2500,
        "paymentDate": TODAY.isoformat(),
        "description": "One-off top up",
        "idempotencyKey": "top-up-1",
        "collectionMethod": "DIRECT_DEBIT",
        "ledgerNumber": "L-" + account.removeprefix("A-"),
    }
    return gql(COLLECT, {"input": {k: v for k, v in (given | changes).items() if v is not ...}}, token=token)


def test_a_payment_today_is_requested_then_collected_once_and_credited(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    ledger: str,
    catch_up: Callable[[], int],
) -> None:
    # given an active direct debit
    direct_debit(contexts, customer, ledger)
    # when
    body = collect(gql, token, customer["account_number"])
    # then the payment is requested: no money has moved yet
    payment = body["data"]["collectPayment"]["payment"]
    assert payment["status"] == "REQUESTED" and payment["amount"] == 2500 and payment["paymentDate"] == "2026-01-15"
    assert payment["transactionType"] == "DD_REGULAR_COLLECTION"
    assert contexts.payments.ledger(ledger).balance == 0
    # and once the worker has run, it was collected once and the ledger credited
    catch_up()
    number = int(payment["id"])
    assert contexts.payments.payment(number).status is PaymentStatus.SUCCEEDED
    provider = workers_runtime.provider()
    assert isinstance(provider, SandboxProvider) and provider.charges(Payment.key_for(number)) == 1
    assert contexts.read.ledgers.ledger(ledger)["balance"] == 2500
    assert [e["kind"] for e in contexts.read.ledgers.entries(ledger)] == ["PAYMENT"]
    assert contexts.read.payments.payment(number)["status"] == "SUCCEEDED"


def test_a_payment_on_a_future_date_needs_no_method_and_is_scheduled(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str, catch_up: Callable[[], int]
) -> None:
    # when (no instruction on file yet)
    body = collect(
        gql,
        token,
        customer["account_number"],
        paymentDate=(TODAY + timedelta(days=5)).isoformat(),
        collectionMethod=...,
    )
    # then
    payment = body["data"]["collectPayment"]["payment"]
    assert payment["status"] == "SCHEDULED"
    catch_up()
    assert contexts.payments.payment(int(payment["id"])).status is PaymentStatus.REQUESTED


def test_the_ledger_may_be_named_by_its_id(
    ledger_id: Callable[[str], str], gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str
) -> None:
    direct_debit(contexts, customer, ledger)
    body = collect(gql, token, customer["account_number"], ledgerNumber=..., ledgerId=ledger_id(ledger))
    assert body["data"]["collectPayment"]["payment"]["status"] == "REQUESTED"


def test_the_same_idempotency_key_and_request_give_the_same_payment(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str
) -> None:
    direct_debit(contexts, customer, ledger)
    first = collect(gql, token, customer["account_number"])["data"]["collectPayment"]["payment"]
    again = collect(gql, token, customer["account_number"])["data"]["collectPayment"]["payment"]
    assert again == first


def test_the_same_idempotency_key_with_another_request_is_kt_ct_3932(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str
) -> None:
    direct_debit(contexts, customer, ledger)
    collect(gql, token, customer["account_number"])
    refused_with(collect(gql, token, customer["account_number"], amount=2600), "KT-CT-3932")


@pytest.mark.parametrize(
    "changes",
    [
        {"amount": 0},
        {"amount": -100},
        {"paymentDate": (TODAY - timedelta(days=1)).isoformat()},
        {"collectionMethod": ...},  # collected today: the method is needed
        {"collectionMethod": "CARD"},  # and an active instruction of that method
        {"collectionMethod": "BPAY"},
        {"ledgerNumber": "L-22222222"},
    ],
)
def test_invalid_data_is_kt_ct_3932(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str, changes: dict[str, Any]
) -> None:
    direct_debit(contexts, customer, ledger)
    refused_with(collect(gql, token, customer["account_number"], **changes), "KT-CT-3932")


def test_both_ledger_id_and_number_is_kt_ct_3820(
    ledger_id: Callable[[str], str], gql: GraphQL, customer: dict[str, str], token: str, ledger: str
) -> None:
    body = collect(gql, token, customer["account_number"], ledgerId=ledger_id(ledger))
    refused_with(body, "KT-CT-3820")


def test_neither_ledger_id_nor_number_is_kt_ct_3821(
    gql: GraphQL, customer: dict[str, str], token: str, ledger: str
) -> None:
    refused_with(collect(gql, token, customer["account_number"], ledgerNumber=...), "KT-CT-3821")


def test_another_customer_s_account_or_ledger_is_kt_ct_1111(
    gql: GraphQL, customer: dict[str, str], token: str, stranger: dict[str, str]
) -> None:
    refused_with(collect(gql, token, stranger["account_number"]), "KT-CT-1111")


def test_a_bad_token_is_kt_ct_1111(gql: GraphQL, customer: dict[str, str]) -> None:
    refused_with(collect(gql, "not-a-token", customer["account_number"]), "KT-CT-1111")


def test_without_an_authorization_header_it_is_kt_ct_1112(gql: GraphQL, customer: dict[str, str]) -> None:
    refused_with(collect(gql, None, customer["account_number"]), "KT-CT-1112")


def test_two_identical_requests_racing_collect_once(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    ledger: str,
    catch_up: Callable[[], int],
    clock: FrozenClock,
) -> None:
    # given
    direct_debit(contexts, customer, ledger)
    start = threading.Barrier(2)
    answers: list[dict[str, Any]] = []

    def request() -> None:
        start.wait()
        answers.append(collect(gql, token, customer["account_number"], idempotencyKey="race"))

    # when two identical requests race
    threads = [threading.Thread(target=request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then both get the same payment
    ids = {answer["data"]["collectPayment"]["payment"]["id"] for answer in answers}
    assert len(answers) == 2 and len(ids) == 1
    # and once collected: one payment, one charge, one ledger entry
    catch_up()
    assert len(contexts.read.payments.of_account(customer["account_number"])) == 1
    provider = workers_runtime.provider()
    assert isinstance(provider, SandboxProvider) and provider.charges(Payment.key_for(int(ids.pop()))) == 1
    assert contexts.read.ledgers.ledger(ledger)["balance"] == 2500


def test_many_identical_requests_racing_in_the_application_make_one_payment(
    backend: str, contexts: Contexts, customer: dict[str, str], ledger: str, catch_up: Callable[[], int]
) -> None:
    # given
    direct_debit(contexts, customer, ledger)
    command = commands.CollectPayment(
        account_number=customer["account_number"],
        amount=2500,
        payment_date=TODAY,
        description="One-off top up",
        idempotency_key="stampede",
        collection_method="DIRECT_DEBIT",
        ledger_number=ledger,
    )
    start = threading.Barrier(8)
    numbers: list[int] = []

    def request() -> None:
        start.wait()
        numbers.append(contexts.payments.collect_payment(command).number)

    # when eight identical requests race on the write model itself
    threads = [threading.Thread(target=request) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then every one got the same payment, and there is only that one
    assert len(numbers) == 8 and len(set(numbers)) == 1
    catch_up()
    assert [row["number"] for row in contexts.read.payments.of_account(customer["account_number"])] == numbers[:1]
    assert contexts.read.ledgers.ledger(ledger)["balance"] == 2500


ACCOUNT = """
query Account($number: String!) {
  account(accountNumber: $number) {
    balance all: balance(includeAllLedgers: true) ledgers { number balance amountOwedByCustomer }
  }
}
"""


def account_of(gql: GraphQL, token: str, number: str) -> dict[str, Any]:
    body = gql(ACCOUNT, {"number": number}, token=token)
    assert "errors" not in body, body
    return dict(body["data"]["account"])


def test_a_payment_of_2_31_minus_1_is_kt_ct_3932_and_the_account_stays_readable(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    ledger: str,
    catch_up: Callable[[], int],
) -> None:
    # given a ledger in credit, with a direct debit
    direct_debit(contexts, customer, ledger)
    fund(contexts, ledger, 508_089)
    # when a payment of the largest Int is asked for, today or later
    refused_with(collect(gql, token, customer["account_number"], amount=2**31 - 1), "KT-CT-3932")
    later = (TODAY + timedelta(days=3)).isoformat()
    refused_with(collect(gql, token, customer["account_number"], amount=2**31 - 1, paymentDate=later), "KT-CT-3932")
    refused_with(collect(gql, token, customer["account_number"], amount=PAYMENT_AMOUNT_LIMIT + 1), "KT-CT-3932")
    # then nothing was requested, and the account answers as before
    catch_up()
    assert contexts.read.payments.of_account(customer["account_number"]) == []
    assert account_of(gql, token, customer["account_number"]) == {
        "balance": 508_089,
        "all": 508_089,
        "ledgers": [{"number": ledger, "balance": 508_089, "amountOwedByCustomer": -508_089}],
    }


def test_the_account_stays_readable_with_every_ledger_at_its_limit_after_the_largest_payments(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    ledger: str,
    catch_up: Callable[[], int],
) -> None:
    # given the most ledgers an account may have, all but the main one holding their limit
    number = customer["account_number"]
    direct_debit(contexts, customer, ledger)
    for _ in range(MAX_LEDGERS_PER_ACCOUNT - 1):
        fund(contexts, contexts.payments.open_ledger(number, LedgerKind.CREDIT_STORAGE).number, LEDGER_BALANCE_LIMIT)
    # when the largest payments are collected on the main ledger until it reaches its limit, and one more
    payments = LEDGER_BALANCE_LIMIT // PAYMENT_AMOUNT_LIMIT
    for n in range(payments + 1):
        body = collect(gql, token, number, amount=PAYMENT_AMOUNT_LIMIT, idempotencyKey=f"largest-{n}")
        assert body["data"]["collectPayment"]["payment"]["amount"] == PAYMENT_AMOUNT_LIMIT
        catch_up()
    # then the one beyond the limit failed before anything was charged
    statuses = [p["status"] for p in contexts.read.payments.of_account(number)]
    assert sorted(statuses) == ["FAILED"] + ["SUCCEEDED"] * payments
    # and the account's balance over all its ledgers is still an Int the API can serve
    account = account_of(gql, token, number)
    assert account["all"] == MAX_LEDGERS_PER_ACCOUNT * LEDGER_BALANCE_LIMIT < 2**31 - 1
    # while its balance as legacy clients read it is the main ledger's
    assert account["balance"] == LEDGER_BALANCE_LIMIT
    assert len(account["ledgers"]) == MAX_LEDGERS_PER_ACCOUNT
    assert {row["balance"] for row in account["ledgers"]} == {LEDGER_BALANCE_LIMIT}
