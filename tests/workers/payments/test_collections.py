"""The collection actors and the scheduler's job, against the sandbox provider.

Sandbox outcomes relied on (workers/payments/sandbox.py): an amount ending in 402 is declined, one
ending in 408 never settles, one ending in 503 finds the provider unavailable on the first call for
its key; any other amount settles SUCCEEDED from the first status query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta

import dramatiq
import pytest
from eventsourcing.utils import get_topic

from domain.payments import commands
from domain.payments.application import Payments
from domain.payments.collection_commands import NO_INSTRUCTION, UNSETTLED
from domain.payments.payment import Payment, PaymentStatus
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from projections.projection import ReactionFollower
from settings import Settings
from tests.api.payments.collecting import direct_debit
from tests.conftest import msgspec_replace
from workers import runtime as workers_runtime
from workers.broker import broker
from workers.dispatch import REACTIONS
from workers.payments.collections import collect_due_payments, collect_submitted_payment
from workers.payments.sandbox import (
    DECLINED,
    DECLINED_ENDING,
    NEVER_SETTLES_ENDING,
    UNAVAILABLE_ONCE_ENDING,
    SandboxProvider,
)
from workers.relay import enqueue, relay_followers

TODAY = date(2026, 1, 15)  # the frozen clock's


@pytest.fixture
def ledger(contexts: Contexts, customer: dict[str, str], catch_up: Callable[[], int]) -> str:
    catch_up()
    ledger = contexts.payments.ledger_of(customer["account_number"])
    assert ledger is not None
    return ledger.number


@pytest.fixture
def sandbox(catch_up: Callable[[], int]) -> SandboxProvider:
    """The provider the actors use (catch_up has installed the test's settings and applications)."""
    provider = workers_runtime.provider()
    assert isinstance(provider, SandboxProvider)
    return provider


def request(contexts: Contexts, customer: dict[str, str], amount: int, on: date = TODAY, key: str = "k") -> Payment:
    return contexts.payments.collect_payment(
        commands.CollectPayment(
            account_number=customer["account_number"],
            amount=amount,
            payment_date=on,
            description="Top up",
            idempotency_key=key,
            collection_method="DIRECT_DEBIT" if on == TODAY else None,
            ledger_number="L-" + customer["account_number"].removeprefix("A-"),
        )
    )


def test_the_reactions_are_wired_to_the_actors_and_the_payments_policy() -> None:
    wired = {(r.upstream, r.event, r.actor) for r in REACTIONS}
    assert ("payments", Payment.Submitted, collect_submitted_payment) in wired
    # submitting a due payment is a command: the Payments application's own policy, not an actor
    assert Payment.Requested not in {r.event for r in REACTIONS}
    assert get_topic(Payment.Requested) in Payments.topics


def test_a_payment_due_now_is_collected_once_even_if_its_messages_come_again(
    backend: str,
    contexts: Contexts,
    customer: dict[str, str],
    ledger: str,
    catch_up: Callable[[], int],
    sandbox: SandboxProvider,
) -> None:
    # given
    direct_debit(contexts, customer, ledger)
    payment = request(contexts, customer, 2500)
    # when the policy and the relay run, and then the submission and the message come again
    catch_up()
    contexts.payments.submit_payment(payment.number)
    collect_submitted_payment.fn(payment.number)
    catch_up()
    # then
    settled = contexts.payments.payment(payment.number)
    assert settled.status is PaymentStatus.SUCCEEDED and settled.reference
    assert sandbox.charges(Payment.key_for(payment.number)) == 1
    assert [(e["kind"], e["amount"]) for e in contexts.read.ledgers.entries(ledger)] == [("PAYMENT", 2500)]


def test_a_declined_payment_fails_and_moves_no_money(
    contexts: Contexts, customer: dict[str, str], ledger: str, catch_up: Callable[[], int], sandbox: SandboxProvider
) -> None:
    direct_debit(contexts, customer, ledger)
    payment = request(contexts, customer, 1000 + DECLINED_ENDING)
    catch_up()
    failed = contexts.payments.payment(payment.number)
    assert (failed.status, failed.failure_reason) == (PaymentStatus.FAILED, DECLINED)
    assert contexts.read.ledgers.entries(ledger) == []
    assert contexts.read.payments.payment(payment.number)["status"] == "FAILED"


def test_a_payment_that_never_settles_fails_at_its_deadline(
    contexts: Contexts,
    customer: dict[str, str],
    ledger: str,
    catch_up: Callable[[], int],
    sandbox: SandboxProvider,
    clock: FrozenClock,
    settings: Settings,
) -> None:
    # given a payment the provider accepts and never settles
    direct_debit(contexts, customer, ledger)
    payment = request(contexts, customer, 2000 + NEVER_SETTLES_ENDING)
    catch_up()
    assert contexts.payments.payment(payment.number).status is PaymentStatus.SUBMITTED
    # when the scheduler checks it again before the deadline, it is still pending
    assert collect_due_payments(contexts, TODAY) == 1
    assert contexts.payments.payment(payment.number).status is PaymentStatus.SUBMITTED
    # and once the deadline has passed, retries are exhausted: it is failed, as an event
    clock.advance(timedelta(seconds=settings.payment_settle_deadline_seconds))
    collect_due_payments(contexts, clock.now().date())
    catch_up()
    failed = contexts.payments.payment(payment.number)
    assert (failed.status, failed.failure_reason) == (PaymentStatus.FAILED, UNSETTLED)
    assert sandbox.charges(Payment.key_for(payment.number)) == 1
    assert contexts.read.ledgers.entries(ledger) == []
    assert contexts.read.payments.unsettled() == []


def test_with_a_broker_the_scheduler_only_fails_payments_past_their_deadline(
    contexts: Contexts,
    customer: dict[str, str],
    ledger: str,
    catch_up: Callable[[], int],
    sandbox: SandboxProvider,
    clock: FrozenClock,
    settings: Settings,
) -> None:
    # given a submitted payment whose collection message is Dramatiq's to retry
    direct_debit(contexts, customer, ledger)
    payment = request(contexts, customer, 5000 + UNAVAILABLE_ONCE_ENDING)
    catch_up()
    workers_runtime.use(settings=msgspec_replace(settings, broker_url="stub://"))
    # when the scheduler ticks before the deadline, it leaves the payment to the retries
    collect_due_payments(contexts, TODAY)
    assert contexts.payments.payment(payment.number).status is PaymentStatus.SUBMITTED
    assert sandbox.charges(Payment.key_for(payment.number)) == 0
    # and after it (the messages may have run out of retries) it records the payment failed
    clock.advance(timedelta(seconds=settings.payment_settle_deadline_seconds))
    collect_due_payments(contexts, clock.now().date())
    failed = contexts.payments.payment(payment.number)
    assert (failed.status, failed.failure_reason) == (PaymentStatus.FAILED, UNSETTLED)


def test_an_unavailable_provider_is_asked_again_inline_by_the_scheduler(
    contexts: Contexts, customer: dict[str, str], ledger: str, catch_up: Callable[[], int], sandbox: SandboxProvider
) -> None:
    direct_debit(contexts, customer, ledger)
    payment = request(contexts, customer, 3000 + UNAVAILABLE_ONCE_ENDING)
    catch_up()
    # the provider was down: the payment waits, submitted, with no charge made
    assert contexts.payments.payment(payment.number).status is PaymentStatus.SUBMITTED
    assert sandbox.charges(Payment.key_for(payment.number)) == 0
    # the next tick asks again
    collect_due_payments(contexts, TODAY)
    assert contexts.payments.payment(payment.number).status is PaymentStatus.SUCCEEDED
    assert sandbox.charges(Payment.key_for(payment.number)) == 1


def test_a_future_payment_is_submitted_by_the_scheduler_on_its_day(
    backend: str,
    contexts: Contexts,
    customer: dict[str, str],
    ledger: str,
    catch_up: Callable[[], int],
    sandbox: SandboxProvider,
    clock: FrozenClock,
) -> None:
    # given two payments for in three days, and no instruction yet
    later = TODAY + timedelta(days=3)
    first = request(contexts, customer, 1100, on=later, key="a")
    catch_up()
    # before their day, the job sends nothing
    assert collect_due_payments(contexts, TODAY) == 0
    # on their day, with no instruction, the first fails
    clock.advance(timedelta(days=3))
    assert collect_due_payments(contexts, later) == 1
    assert contexts.payments.payment(first.number).failure_reason == NO_INSTRUCTION
    # and with a direct debit on file since then, the next is collected
    clock.advance(timedelta(days=-3))
    direct_debit(contexts, customer, ledger)
    second = request(contexts, customer, 1200, on=later, key="b")
    catch_up()
    clock.advance(timedelta(days=3))
    assert collect_due_payments(contexts, later) == 1
    catch_up()
    assert contexts.payments.payment(second.number).status is PaymentStatus.SUCCEEDED
    assert contexts.read.ledgers.ledger(ledger)["balance"] == 1200
    # and a second tick sends nothing more
    assert collect_due_payments(contexts, later) == 0


@pytest.fixture
def through_broker(settings: Settings, contexts: Contexts, catch_up: Callable[[], int]) -> Iterator[dramatiq.Worker]:
    """Actors run by a Dramatiq worker on the StubBroker (retries with backoff, as in production)."""
    workers_runtime.use(settings=msgspec_replace(settings, broker_url="stub://"), contexts=contexts)
    broker.flush_all()
    worker = dramatiq.Worker(broker, worker_timeout=50)
    worker.start()
    yield worker
    worker.stop()
    broker.flush_all()


def test_through_a_broker_an_unavailable_provider_is_retried_with_backoff(
    contexts: Contexts,
    customer: dict[str, str],
    ledger: str,
    sandbox: SandboxProvider,
    through_broker: dramatiq.Worker,
) -> None:
    # given
    direct_debit(contexts, customer, ledger)
    payment = request(contexts, customer, 4000 + UNAVAILABLE_ONCE_ENDING)
    # the Payments policy submits the payment; the relay enqueues its events for the actors
    relays = [ReactionFollower(contexts.payments, contexts.payments), *relay_followers(contexts, enqueue)]
    # when the policy and the relay run and the worker runs the actors (the first collection
    # attempt raises, and Dramatiq retries it after its backoff)
    for _ in range(2):
        for relay in relays:
            relay.run_once()
        broker.join("payments", fail_fast=True)
        through_broker.join()
    # then
    assert contexts.payments.payment(payment.number).status is PaymentStatus.SUCCEEDED
    assert sandbox.charges(Payment.key_for(payment.number)) == 1
