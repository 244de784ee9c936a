"""The identity worker: a pre-signed key's email, end to end through Dramatiq and a real SMTP server."""

from __future__ import annotations

import os
import re
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from email.message import EmailMessage
from typing import Any
from uuid import UUID

import dramatiq
import pytest

from domain.identity import commands
from domain.shared.clock import FrozenClock
from ops import runtime
from settings import Settings
from tests.conftest import REQUIRE_SERVICES
from tests.workers.conftest import SmtpServer
from workers.broker import broker
from workers.identity import send_pre_signed_token_email

SCOPE = "SUBMIT_METER_READINGS"


def issue_key(contexts: runtime.Contexts, email: str) -> UUID:
    key_id = contexts.identity.send_pre_signed_token_email(
        commands.SendPreSignedTokenEmail(client="test", email=email, scope=SCOPE)
    )
    assert key_id is not None
    return key_id


def events_of(contexts: runtime.Contexts, key_id: UUID) -> list[str]:
    return [type(e).__name__ for e in contexts.identity.repository.event_store.get(key_id)]


def key_in(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    match = re.search(r"https://kraken\.example/login\?preSignedKey=([\w.-]+)", body.get_content())
    assert match, body.get_content()
    return match.group(1)


def wait_for(condition: Callable[[], bool], seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_the_email_arrives_with_a_key_that_logs_in_once(
    backend: str,
    actors: runtime.Contexts,
    customer: dict,
    smtp: SmtpServer,
    stub_worker: dramatiq.Worker,
    worker_settings: Settings,
    clock: FrozenClock,
) -> None:
    # given
    key_id = issue_key(actors, customer["email"])
    # when the message goes through the broker to a worker
    send_pre_signed_token_email.send(str(key_id))
    broker.join("identity", fail_fast=True)
    stub_worker.join()
    # then the mail server got one email for the user
    [envelope] = smtp.inbox.envelopes
    assert envelope.rcpt_tos == [customer["email"]]
    assert envelope.mail_from == "hello@kraken.example"
    [message] = smtp.inbox.messages()
    assert message["To"] == customer["email"]
    assert message["From"] == worker_settings.mail_from
    assert message["Subject"] == "Your one-time login link"
    assert message["Message-ID"] == f"<pre-signed-{key_id}@kraken.example>"
    expires = (clock.now() + timedelta(minutes=60)).strftime("%Y-%m-%d %H:%M UTC")
    key = key_in(message)
    assert key in message.get_body(("plain",)).get_content().split()  # the key itself, to type in
    assert expires in message.get_body(("plain",)).get_content()
    # and its outcome is an event
    assert events_of(actors, key_id) == ["Issued", "EmailSent"]
    # and the key logs in, once, with its scope
    issued = actors.identity.obtain_kraken_token(commands.ObtainKrakenToken(client="test", pre_signed_key=key))
    assert (issued.payload["gty"], issued.payload["scope"]) == ("PRE-SIGNED-KEY", SCOPE)
    assert issued.payload["sub"] == f"kraken|account-user:{customer['user_id']}"


def test_a_redelivered_message_sends_nothing_twice(actors: runtime.Contexts, customer: dict, smtp: SmtpServer) -> None:
    key_id = issue_key(actors, customer["email"])
    # when the same message is delivered twice (delivery is at least once)
    send_pre_signed_token_email.fn(str(key_id))
    send_pre_signed_token_email.fn(str(key_id))
    # then
    assert len(smtp.inbox.envelopes) == 1
    assert events_of(actors, key_id) == ["Issued", "EmailSent"]


@pytest.mark.parametrize("fate", ["used", "invalidated", "expired"])
def test_a_key_that_can_no_longer_log_in_is_not_emailed(
    actors: runtime.Contexts, customer: dict, smtp: SmtpServer, clock: FrozenClock, fate: str
) -> None:
    # given
    key_id = issue_key(actors, customer["email"])
    key = actors.identity.pre_signed_keys.key_for(key_id)
    if fate == "used":
        actors.identity.obtain_kraken_token(commands.ObtainKrakenToken(client="test", pre_signed_key=key))
    elif fate == "invalidated":
        actors.identity.invalidate_pre_signed_token(commands.InvalidatePreSignedToken(token=key))
    else:
        clock.advance(timedelta(minutes=60))
    # when
    send_pre_signed_token_email.fn(str(key_id))
    # then
    assert smtp.inbox.envelopes == []
    assert "EmailSent" not in events_of(actors, key_id)


def test_an_smtp_failure_raises_so_that_it_is_retried_and_nothing_is_recorded(
    actors: runtime.Contexts, customer: dict, smtp: SmtpServer
) -> None:
    # given the mail server is down
    key_id = issue_key(actors, customer["email"])
    smtp.stop()
    # when / then
    with pytest.raises(OSError):
        send_pre_signed_token_email.fn(str(key_id))
    assert events_of(actors, key_id) == ["Issued"]
    # and once it is back, the retry sends it
    smtp.start()
    send_pre_signed_token_email.fn(str(key_id))
    assert len(smtp.inbox.envelopes) == 1
    assert events_of(actors, key_id) == ["Issued", "EmailSent"]


def test_dramatiq_retries_a_refused_send_until_the_server_takes_it(
    actors: runtime.Contexts, customer: dict, smtp: SmtpServer, stub_worker: dramatiq.Worker
) -> None:
    # given a mail server that refuses the first two attempts with a temporary error
    key_id = issue_key(actors, customer["email"])
    smtp.inbox.refuse = 2
    # when
    send_pre_signed_token_email.send_with_options(args=(str(key_id),), min_backoff=10, max_backoff=50)
    broker.join("identity", fail_fast=True)
    stub_worker.join()
    # then
    assert len(smtp.inbox.envelopes) == 1
    assert events_of(actors, key_id) == ["Issued", "EmailSent"]


def test_a_send_that_keeps_failing_ends_in_the_dead_letters_with_nothing_recorded(
    actors: runtime.Contexts, customer: dict, smtp: SmtpServer, stub_worker: dramatiq.Worker
) -> None:
    key_id = issue_key(actors, customer["email"])
    smtp.stop()
    send_pre_signed_token_email.send_with_options(args=(str(key_id),), max_retries=2, min_backoff=10, max_backoff=50)
    broker.join("identity", fail_fast=False)
    stub_worker.join()
    [dead] = broker.dead_letters
    assert dead.options["retries"] == 3  # the first attempt and two retries
    assert events_of(actors, key_id) == ["Issued"]


def test_the_actor_retries_by_default() -> None:
    assert send_pre_signed_token_email.queue_name == "identity"
    assert send_pre_signed_token_email.options["max_retries"] >= 1


# A real broker ---------------------------------------------------------------------------------------


def _redis() -> dramatiq.Broker:
    from dramatiq.brokers.redis import RedisBroker

    broker = RedisBroker(url=os.environ.get("KRAKEN_TEST_REDIS_URL", "redis://127.0.0.1:6379/0"))
    broker.client.ping()
    return broker


def _rabbitmq() -> dramatiq.Broker:
    from dramatiq.brokers.rabbitmq import RabbitmqBroker

    broker = RabbitmqBroker(url=os.environ.get("KRAKEN_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/"))
    _ = broker.connection
    return broker


@pytest.mark.parametrize("make_broker", [_redis, _rabbitmq], ids=["redis", "rabbitmq"])
def test_the_actor_runs_over_a_real_broker(
    make_broker: Callable[[], dramatiq.Broker], actors: runtime.Contexts, customer: dict, smtp: SmtpServer
) -> None:
    try:
        real = make_broker()
    except Exception as exc:
        if REQUIRE_SERVICES:
            pytest.fail(f"the broker is required (KRAKEN_REQUIRE_SERVICES=1) but unreachable: {exc}")
        pytest.skip(f"broker unreachable: {exc}")
    # The same function, declared on the real broker under a queue of its own.
    queue = f"kraken-test-{uuid.uuid4().hex[:8]}"
    actor: dramatiq.Actor[..., Any] = dramatiq.actor(
        send_pre_signed_token_email.fn, broker=real, actor_name=queue, queue_name=queue, max_retries=0
    )
    worker = dramatiq.Worker(real, worker_timeout=100)
    worker.start()
    try:
        key_id = issue_key(actors, customer["email"])
        actor.send(str(key_id))
        wait_for(lambda: "EmailSent" in events_of(actors, key_id))
    finally:
        worker.stop()
        _delete_queue(real, queue)
        real.close()
    assert len(smtp.inbox.envelopes) == 1


def _delete_queue(real: dramatiq.Broker, queue: str) -> None:
    from dramatiq.brokers.rabbitmq import RabbitmqBroker

    if isinstance(real, RabbitmqBroker):
        channel = real.channel
        for name in (queue, f"{queue}.DQ", f"{queue}.XQ"):
            channel.queue_delete(name)
    else:
        real.flush(queue)
