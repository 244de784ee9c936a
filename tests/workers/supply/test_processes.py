"""Lifecycle process workers: the scheduler's job completing dated processes, and the cancellation
email through the outbox relay or Dramatiq, to a real SMTP server, once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import dramatiq

from domain.accounts import commands as accounts_commands
from domain.shared.clock import FrozenClock
from domain.supply import commands
from domain.supply.lifecycle_process import LifecycleProcess, ProcessKind, ProcessStatus
from ops import following, runtime
from settings import Settings
from tests.workers.conftest import SmtpServer
from workers.broker import broker
from workers.supply.processes import complete_due_processes, send_enrollment_cancelled_email


def cancelled_join(contexts: runtime.Contexts, account_number: str) -> str:
    number = contexts.supply.start_process(ProcessKind.JOIN_SUPPLIER, account_number, None, None, key="join")
    contexts.supply.cancel_enrollment(
        commands.CancelEnrollment(process_number=number, reason="changed my mind", cancelled_by="test")
    )
    return number


def events_of(contexts: runtime.Contexts, number: str) -> list[str]:
    return [type(e).__name__ for e in contexts.supply.repository.event_store.get(LifecycleProcess.id_for(number))]


def test_the_job_completes_dated_processes_whose_day_has_come_once(
    backend: str, contexts: runtime.Contexts, customer: dict, clock: FrozenClock, catch_up: Callable[[], int]
) -> None:
    number = customer["account_number"]
    day = clock.now().date() + timedelta(days=2)
    home = contexts.accounts.register_property(
        accounts_commands.RegisterProperty(account_number=number, lines=("1 Mill Lane",), postcode="DE1 2AB")
    )
    leave = contexts.supply.start_process(ProcessKind.LEAVE_PROPERTY, number, home.property_id, day, key="leave")
    join = contexts.supply.start_process(ProcessKind.JOIN_SUPPLIER, number, None, None, key="join")
    catch_up()
    assert complete_due_processes(contexts, clock.now().date()) == 0
    clock.advance(timedelta(days=2))
    assert complete_due_processes(contexts, clock.now().date()) == 1
    catch_up()
    assert complete_due_processes(contexts, clock.now().date()) == 0
    statuses = {n: contexts.supply.lifecycle_process(n).status for n in (leave, join)}  # type: ignore[union-attr]
    assert statuses == {leave: ProcessStatus.COMPLETED, join: ProcessStatus.PENDING}


def test_the_relay_sends_the_cancellation_email(
    backend: str, actors: runtime.Contexts, worker_settings: Settings, smtp: SmtpServer, customer: dict
) -> None:
    number = cancelled_join(actors, customer["account_number"])
    relay = following.runner(worker_settings, actors)
    try:
        relay.catch_up()
    finally:
        relay.wakeup.close()
    [envelope] = smtp.inbox.envelopes
    assert envelope.rcpt_tos == ["ada@example.com"]
    [message] = smtp.inbox.messages()
    assert message["Subject"] == "Your enrollment has been cancelled"
    assert number in message.get_body(("plain",)).get_content()
    assert events_of(actors, number)[-1] == "CancellationNotified"


def test_through_dramatiq_and_a_redelivery_sends_nothing_twice(
    actors: runtime.Contexts,
    smtp: SmtpServer,
    stub_worker: dramatiq.Worker,
    customer: dict,
    worker_settings: Settings,
) -> None:
    relay = following.runner(worker_settings, actors)
    try:
        relay.catch_up()  # the account's users, whom the email goes to
    finally:
        relay.wakeup.close()
    number = cancelled_join(actors, customer["account_number"])
    process_id = str(LifecycleProcess.id_for(number))
    send_enrollment_cancelled_email.send(process_id)
    broker.join("supply", fail_fast=True)
    stub_worker.join()
    send_enrollment_cancelled_email.fn(process_id)
    assert len(smtp.inbox.envelopes) == 1
    assert events_of(actors, number).count("CancellationNotified") == 1
