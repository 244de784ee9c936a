"""The payout actor: an approved repayment is paid out once, posted once, and failed by its deadline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import dramatiq
import pytest

from domain.payments import commands
from domain.payments.ledger import Ledger, main_ledger_number
from domain.payments.repayment_request import LedgerRepayments, RepaymentRequest, RepaymentState
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.payments.funds import fund
from workers import runtime as workers_runtime
from workers.broker import broker
from workers.payments.repayments import pay_out, pay_out_repayment, settle_repayments
from workers.payments.sandbox import DECLINED_ENDING, NEVER_SETTLES_ENDING, UNAVAILABLE_ONCE_ENDING, SandboxProvider

DEADLINE = timedelta(hours=1)


@pytest.fixture
def ledger(contexts: Contexts, customer: dict[str, str], catch_up: Callable[[], int]) -> str:
    """Ada's main ledger with £100.00 of credit."""
    catch_up()
    number = main_ledger_number(customer["account_number"])
    fund(contexts, number, 10_000)
    return number


def request(contexts: Contexts, customer: dict[str, str], amount: int, method: str = "CHEQUE") -> str:
    """A repayment request, approved at once (under the auto-approval limit)."""
    command = commands.SubmitRepaymentRequest(
        account_number=customer["account_number"],
        ledger_number=main_ledger_number(customer["account_number"]),
        amount=amount,
        idempotency_key=f"key-{amount}-{method}",
        method=method,
        auto_approve_limit=10_000,
    )
    return str(contexts.payments.submit_repayment_request(command).number)


def state(contexts: Contexts, request_id: str) -> RepaymentState:
    found = contexts.payments.repayment_request(request_id)
    assert found is not None
    return found.state


def sandbox() -> SandboxProvider:
    provider = workers_runtime.provider()
    assert isinstance(provider, SandboxProvider)
    return provider


def repayment_entries(contexts: Contexts, ledger: str) -> list[int]:
    events = contexts.payments.repository.event_store.get(Ledger.id_for(ledger))
    return [e.amount for e in events if isinstance(e, Ledger.Posted) and e.kind == "REPAYMENT"]


def test_an_approved_request_is_paid_out_and_posted_once(
    backend: str, contexts: Contexts, customer: dict[str, str], ledger: str, catch_up: Callable[[], int]
) -> None:
    # given
    request_id = request(contexts, customer, 2500)
    # when the relay hands the approval to the actor (inline), and again (a redelivery)
    catch_up()
    assert pay_out(contexts.payments, sandbox(), DEADLINE, request_id)
    # then
    assert state(contexts, request_id) is RepaymentState.PAID
    assert repayment_entries(contexts, ledger) == [-2500]
    assert contexts.payments.ledger(ledger).balance == 7500
    assert contexts.payments.load(LedgerRepayments.id_for(ledger)).outstanding == 0
    assert sandbox().charges(f"repayment:{request_id}") == 1
    events = contexts.payments.repository.event_store.get(RepaymentRequest.id_for(int(request_id)))
    assert [type(e).__name__ for e in events] == ["Requested", "Approved", "PayoutStarted", "PayoutSubmitted", "Paid"]


def test_a_worker_killed_after_the_provider_accepted_pays_out_once(
    contexts: Contexts, customer: dict[str, str], ledger: str, catch_up: Callable[[], int]
) -> None:
    # given a worker that asked the provider, then died before recording the reference
    request_id = request(contexts, customer, 2500)
    order = contexts.payments.start_repayment_payout(request_id)
    assert order is not None
    accepted = sandbox().pay_out(
        idempotency_key=order.idempotency_key,
        amount=order.amount,
        currency=order.currency,
        method=order.method,
        payee=order.payee,
        destination=order.destination,
    )
    # when the message is delivered again
    catch_up()
    # then
    assert state(contexts, request_id) is RepaymentState.PAID
    assert sandbox().charges(order.idempotency_key) == 1
    found = contexts.payments.repayment_request(request_id)
    assert found is not None and found.payout_reference == accepted.reference
    assert repayment_entries(contexts, ledger) == [-2500]


def test_a_declined_payout_fails_and_its_money_comes_back_to_the_ledger(
    contexts: Contexts, customer: dict[str, str], ledger: str, catch_up: Callable[[], int]
) -> None:
    request_id = request(contexts, customer, 1000 + DECLINED_ENDING)
    catch_up()
    found = contexts.payments.repayment_request(request_id)
    assert found is not None and found.state is RepaymentState.FAILED and found.failure_code == "declined"
    assert found.wire_status == "REJECTED"
    assert repayment_entries(contexts, ledger) == [-1402, 1402]
    assert contexts.payments.ledger(ledger).balance == 10_000
    assert contexts.payments.load(LedgerRepayments.id_for(ledger)).outstanding == 0


def test_a_payout_that_never_settles_fails_at_its_deadline(
    contexts: Contexts, customer: dict[str, str], ledger: str, clock: FrozenClock, catch_up: Callable[[], int]
) -> None:
    # given a payout the provider keeps pending
    request_id = request(contexts, customer, 1000 + NEVER_SETTLES_ENDING)
    catch_up()
    assert state(contexts, request_id) is RepaymentState.PAYING
    assert settle_repayments(contexts, clock.now().date()) == 1
    assert state(contexts, request_id) is RepaymentState.PAYING
    # when the deadline has passed, the scheduler's job follows it up
    clock.advance(DEADLINE + timedelta(seconds=1))
    settle_repayments(contexts, clock.now().date())
    # then
    found = contexts.payments.repayment_request(request_id)
    assert found is not None and found.state is RepaymentState.FAILED and found.failure_code == "settle_deadline"
    assert repayment_entries(contexts, ledger) == [-1408, 1408]
    catch_up()
    assert settle_repayments(contexts, clock.now().date()) == 0


def test_a_provider_unavailable_once_is_asked_again_under_the_same_key(
    contexts: Contexts, customer: dict[str, str], ledger: str, clock: FrozenClock, catch_up: Callable[[], int]
) -> None:
    request_id = request(contexts, customer, 1000 + UNAVAILABLE_ONCE_ENDING)
    catch_up()
    assert state(contexts, request_id) is RepaymentState.PAYING
    settle_repayments(contexts, clock.now().date())
    assert state(contexts, request_id) is RepaymentState.PAID
    assert sandbox().charges(f"repayment:{request_id}") == 1
    assert repayment_entries(contexts, ledger) == [-1503]


def test_a_bank_transfer_without_bank_details_fails_and_frees_the_credit(
    contexts: Contexts, customer: dict[str, str], ledger: str, catch_up: Callable[[], int]
) -> None:
    request_id = request(contexts, customer, 2500, method="BANK_TRANSFER")
    catch_up()
    found = contexts.payments.repayment_request(request_id)
    assert found is not None and found.state is RepaymentState.FAILED and found.failure_code == "no_bank_details"
    assert contexts.payments.load(LedgerRepayments.id_for(ledger)).outstanding == 0


def test_a_request_cancelled_before_the_worker_ran_is_not_paid(
    contexts: Contexts, customer: dict[str, str], ledger: str, catch_up: Callable[[], int]
) -> None:
    request_id = request(contexts, customer, 2500)
    contexts.payments.cancel_repayment_request(
        commands.CancelRepaymentRequest(account_number=customer["account_number"], request_id=request_id)
    )
    catch_up()
    assert state(contexts, request_id) is RepaymentState.CANCELLED
    assert sandbox().charges(f"repayment:{request_id}") == 0
    assert repayment_entries(contexts, ledger) == []


def test_the_actor_pays_out_when_delivered_by_the_broker(
    contexts: Contexts, customer: dict[str, str], ledger: str, stub_worker: dramatiq.Worker
) -> None:
    # given (the `ledger` fixture's catch_up installed the test's applications for the actors)
    request_id = request(contexts, customer, 2500)
    # when
    pay_out_repayment.send(request_id)
    broker.join("payments", fail_fast=True)
    stub_worker.join()
    # then
    assert state(contexts, request_id) is RepaymentState.PAID
