"""The outbox relay running actors side by side: every event delivered, each payment settled once, and
a position that never moves past an event not yet delivered.

Sandbox outcomes relied on (workers/payments/sandbox.py): an amount like these settles SUCCEEDED from
the first status query.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dramatiq
import pytest
from eventsourcing.utils import get_topic

from domain.payments import commands
from domain.payments.ledger import main_ledger_number
from domain.payments.payment import Payment, PaymentStatus
from projections.contexts import Contexts
from projections.projection import ReactionFollower
from tests.api.payments.collecting import direct_debit
from workers import runtime as workers_runtime
from workers.dispatch import REACTIONS
from workers.payments.collections import collect_submitted_payment
from workers.payments.sandbox import SandboxProvider
from workers.relay import RelayFollower, run_inline

ACCOUNTS = 3
PAYMENTS_EACH = 4
THREADS = 4


class Cut(Exception):
    """The delivery that fails, as a process killed there would leave it."""


@pytest.fixture
def accounts(contexts: Contexts, catch_up: Callable[[], int]) -> list[str]:
    """Accounts with a main ledger and an active direct debit each."""
    numbers = [contexts.accounts.open_account(f"Customer {index}").number for index in range(ACCOUNTS)]
    catch_up()  # opens each account's main ledger
    for number in numbers:
        direct_debit(contexts, {"account_number": number, "user_id": "ada"}, main_ledger_number(number))
    return numbers


def submitted_payments(contexts: Contexts, accounts: list[str]) -> list[Payment]:
    """PAYMENTS_EACH payments due now on each account, submitted by the Payments policy."""
    today = contexts.payments.clock.now().date()
    requested = [
        contexts.payments.collect_payment(
            commands.CollectPayment(
                account_number=account,
                ledger_number=main_ledger_number(account),
                amount=1000 + 100 * turn,
                payment_date=today,
                description="Top up",
                idempotency_key=f"{account}-{turn}",
                collection_method="DIRECT_DEBIT",
            )
        )
        for turn in range(PAYMENTS_EACH)
        for account in accounts
    ]
    while ReactionFollower(contexts.payments, contexts.payments).run_once():
        pass
    assert all(contexts.payments.payment(p.number).status is PaymentStatus.SUBMITTED for p in requested)
    return requested


def collection_relay(contexts: Contexts, deliver: Callable[..., None] = run_inline) -> RelayFollower:
    (reaction,) = [r for r in REACTIONS if r.actor is collect_submitted_payment]
    return RelayFollower(reaction, contexts.payments, contexts.read.store, deliver, THREADS)


def assert_each_settled_once(contexts: Contexts, payments: list[Payment]) -> None:
    sandbox = workers_runtime.provider()
    assert isinstance(sandbox, SandboxProvider)
    for payment in payments:
        settled = contexts.payments.payment(payment.number)
        assert (settled.status, settled.reference is not None) == (PaymentStatus.SUCCEEDED, True)
        assert sandbox.charges(Payment.key_for(payment.number)) == 1
    for ledger in {p.ledger_number for p in payments}:
        entries = [(e["kind"], e["amount"]) for e in contexts.read.ledgers.entries(ledger)]
        expected = [("PAYMENT", p.amount) for p in payments if p.ledger_number == ledger]
        assert sorted(entries) == sorted(expected)


def test_payments_settled_side_by_side_are_each_charged_and_posted_once(
    backend: str, contexts: Contexts, accounts: list[str], catch_up: Callable[[], int]
) -> None:
    # given submitted payments on several ledgers
    payments = submitted_payments(contexts, accounts)
    relay = collection_relay(contexts)
    # when the relay hands them all to the collection actor at once, and then again from the start
    # (a relay whose position was lost)
    assert relay.run_once() == len(payments)
    with contexts.read.store.transaction() as cursor:
        cursor.execute("DELETE FROM projection_positions WHERE projection = %s", (relay.name,))
    assert relay.run_once() == len(payments)
    catch_up()
    # then each payment was charged once and posted once
    assert_each_settled_once(contexts, payments)


def test_a_relay_stopped_mid_batch_moves_only_past_what_was_delivered_and_settles_nothing_twice(
    backend: str, contexts: Contexts, accounts: list[str], catch_up: Callable[[], int]
) -> None:
    # given submitted payments, and a relay whose delivery of one of them fails (its process dies there)
    payments = submitted_payments(contexts, accounts)
    cut = payments[len(payments) // 2].number
    delivered: list[int] = []

    def dies_at_the_cut(actor: dramatiq.Actor[..., Any], arguments: tuple[Any, ...]) -> None:
        if arguments == (cut,):
            raise Cut(f"the relay died delivering payment {cut}")
        run_inline(actor, arguments)
        delivered.append(arguments[0])

    first = collection_relay(contexts, dies_at_the_cut)
    # when it runs, fails, and a new relay takes over from the position it kept
    with pytest.raises(Cut):
        first.run_once()
    position = contexts.read.store.position(first.name, contexts.payments.name)
    again = collection_relay(contexts)
    redelivered = again.run_once()
    catch_up()
    # then the kept position is just before the payment that failed: everything before it was
    # delivered, and it and everything after it were delivered again (some a second time)
    submissions = contexts.payments.recorder.select_notifications(
        start=0, limit=1000, topics=(get_topic(Payment.Submitted),), inclusive_of_start=False
    )
    numbers = [contexts.payments.mapper.to_domain_event(n).number for n in submissions]
    cut_at = numbers.index(cut)
    assert position == (submissions[cut_at - 1].id if cut_at else 0)
    assert set(numbers[:cut_at]) <= set(delivered)
    assert redelivered == len(numbers) - cut_at
    assert set(delivered) & set(numbers[cut_at:]), "side by side, some later payments were delivered before the cut"
    # and each payment was charged once and posted once
    assert_each_settled_once(contexts, payments)
