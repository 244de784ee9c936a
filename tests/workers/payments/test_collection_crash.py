"""Idempotency end to end: a worker killed after the provider accepted a payment and before the
result was recorded does not collect twice when RabbitMQ redelivers the message.

Real processes on a shared SQLite data directory: `kraken project` (the relay enqueues on the
broker) and `kraken worker`, the first of which exits at the injected fault (KRAKEN_FAULT, once:
a marker file in the data directory tells the next worker to carry on). RabbitMQ redelivers an
unacknowledged message as soon as its consumer's connection dies.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from domain.payments import commands
from domain.payments.ledger import Ledger
from domain.payments.payment import Payment, PaymentStatus
from ops import runtime
from settings import load
from tests.workers.test_processes import BROKERS, REQUIRE_SERVICES, Processes, processes, wait_for
from workers.payments.collections import AFTER_PROVIDER_COLLECT, FAULT_VARIABLE
from workers.payments.provider import sandbox_path
from workers.payments.sandbox import SandboxProvider

__all__ = ["processes"]  # the fixture, shared with the other process tests

AMOUNT = 2500


def _purge(url: str) -> None:
    from dramatiq.brokers.rabbitmq import RabbitmqBroker

    broker = RabbitmqBroker(url=url)
    broker.declare_queue("payments", ensure=True)  # with dramatiq's own queue arguments
    broker.flush("payments")
    broker.close()


def test_a_worker_killed_after_the_provider_accepted_a_payment_does_not_collect_it_twice(
    processes: Processes, tmp_path: Path
) -> None:
    # given RabbitMQ, a runner, and a worker that dies right after the provider accepts a payment
    url = BROKERS["rabbitmq"]
    try:
        _purge(url)
    except Exception as exc:
        if REQUIRE_SERVICES:
            pytest.fail(f"rabbitmq is required (KRAKEN_REQUIRE_SERVICES=1) but unreachable: {exc}")
        pytest.skip(f"rabbitmq unreachable: {exc}")
    processes.env |= {"KRAKEN_BROKER_URL": url, FAULT_VARIABLE: AFTER_PROVIDER_COLLECT}
    settings = load(processes.env)
    contexts = runtime.build(settings)
    try:
        account = contexts.accounts.open_account("Grace Hopper")
        processes.start("project")
        ledger: Ledger = wait_for(lambda: contexts.payments.ledger_of(account.number))
        contexts.payments.set_up_direct_debit_instruction(
            commands.SetUpDirectDebitInstruction(
                account_number=account.number,
                valid_from=contexts.payments.clock.now() - timedelta(days=1),
                bank_details=commands.BankDetails(
                    account_holder="Grace Hopper", sort_code="20-00-00", account_number="55779911"
                ),
                account_user_id="grace",
                ledger_number=ledger.number,
            )
        )
        first = processes.start("worker", "--processes", "1", "--threads", "1")
        # when a payment due today is collected
        payment = contexts.payments.collect_payment(
            commands.CollectPayment(
                account_number=account.number,
                amount=AMOUNT,
                payment_date=contexts.payments.clock.now().date(),
                description="Top up",
                idempotency_key="crash-1",
                collection_method="DIRECT_DEBIT",
                ledger_number=ledger.number,
            )
        )
        key = Payment.key_for(payment.number)
        # then the first worker dies after the provider accepted the charge, before recording it
        assert first.wait(timeout=60) != 0
        assert (Path(settings.data_dir) / f"fault-{AFTER_PROVIDER_COLLECT}").exists()
        sandbox = SandboxProvider(sandbox_path(settings))
        assert sandbox.charges(key) == 1
        crashed = contexts.payments.payment(payment.number)
        assert (crashed.status, crashed.reference) == (PaymentStatus.SUBMITTED, None)
        # and a second worker gets the message again and settles the same charge
        processes.start("worker", "--processes", "1", "--threads", "1")
        wait_for(lambda: contexts.payments.payment(payment.number).status is PaymentStatus.SUCCEEDED, seconds=60)
        assert sandbox.charges(key) == 1
        posted = [
            e
            for e in contexts.payments.repository.event_store.get(ledger.id)
            if isinstance(e, Ledger.Posted) and e.kind == "PAYMENT"
        ]
        assert [(e.amount, e.source) for e in posted] == [(AMOUNT, f"payment:{payment.number}")]
        assert contexts.payments.ledger(ledger.number).balance == AMOUNT
    finally:
        contexts.close()
