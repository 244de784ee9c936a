"""The passwords worker: a reset link's email, end to end through Dramatiq and a real SMTP server."""

from __future__ import annotations

import re
from datetime import timedelta
from email.message import EmailMessage
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

import dramatiq
import pytest

from domain.identity import commands
from domain.identity.password_reset import encode_user_id
from domain.shared.clock import FrozenClock
from ops import runtime
from settings import Settings
from tests.workers.conftest import SmtpServer
from workers.broker import broker
from workers.dispatch import REACTIONS
from workers.passwords import send_password_reset_email

NEW_PASSWORD = "violet tractor anthem"


def request_reset(contexts: runtime.Contexts, email: str) -> UUID:
    reset_id = contexts.identity.request_password_reset(commands.RequestPasswordReset(client="test", email=email))
    assert reset_id is not None
    return reset_id


def events_of(contexts: runtime.Contexts, reset_id: UUID) -> list[str]:
    return [type(e).__name__ for e in contexts.identity.repository.event_store.get(reset_id)]


def link_in(message: EmailMessage) -> dict[str, str]:
    body = message.get_body(("plain",))
    assert body is not None
    match = re.search(r"https://kraken\.example/reset-password\?\S+", body.get_content())
    assert match, body.get_content()
    return {name: values[0] for name, values in parse_qs(urlsplit(match.group(0)).query).items()}


def test_the_email_arrives_with_a_link_that_resets_the_password_once(
    backend: str,
    actors: runtime.Contexts,
    customer: dict,
    smtp: SmtpServer,
    stub_worker: dramatiq.Worker,
    worker_settings: Settings,
    clock: FrozenClock,
) -> None:
    # given
    reset_id = request_reset(actors, customer["email"])
    # when the message goes through the broker to a worker
    send_password_reset_email.send(str(reset_id))
    broker.join("identity", fail_fast=True)
    stub_worker.join()
    # then the mail server got one email for the user
    [envelope] = smtp.inbox.envelopes
    assert envelope.rcpt_tos == [customer["email"]]
    [message] = smtp.inbox.messages()
    assert message["Subject"] == "Reset your password"
    assert message["From"] == worker_settings.mail_from
    assert message["Message-ID"] == f"<password-reset-{reset_id.hex}@kraken.example>"
    expires = (clock.now() + timedelta(minutes=60)).strftime("%Y-%m-%d %H:%M UTC")
    assert expires in message.get_body(("plain",)).get_content()
    link = link_in(message)
    assert link["userId"] == encode_user_id(UUID(customer["user_id"]))
    # and its outcome is an event
    assert events_of(actors, reset_id) == ["Requested", "EmailSent"]
    # and the link resets the password, once
    reset = commands.ResetUserPassword(
        client="test", user_id=link["userId"], token=link["token"], new_password=NEW_PASSWORD
    )
    assert actors.identity.reset_user_password(reset) == UUID(customer["user_id"])
    assert events_of(actors, reset_id) == ["Requested", "EmailSent", "Used"]


def test_the_requested_event_is_wired_to_the_actor() -> None:
    [reaction] = [r for r in REACTIONS if r.actor is send_password_reset_email]
    assert reaction.upstream == "identity" and reaction.event.__qualname__ == "PasswordReset.Requested"


def test_a_redelivered_message_sends_nothing_twice(actors: runtime.Contexts, customer: dict, smtp: SmtpServer) -> None:
    reset_id = request_reset(actors, customer["email"])
    send_password_reset_email.fn(str(reset_id))
    send_password_reset_email.fn(str(reset_id))
    assert len(smtp.inbox.envelopes) == 1
    assert events_of(actors, reset_id) == ["Requested", "EmailSent"]


@pytest.mark.parametrize("fate", ["used", "expired", "password changed"])
def test_a_link_that_can_no_longer_be_used_is_not_emailed(
    actors: runtime.Contexts, customer: dict, smtp: SmtpServer, clock: FrozenClock, fate: str
) -> None:
    # given
    reset_id = request_reset(actors, customer["email"])
    token = actors.identity.reset_tokens.token_for(reset_id)
    user_id = encode_user_id(UUID(customer["user_id"]))
    if fate == "used":
        actors.identity.reset_user_password(
            commands.ResetUserPassword(client="test", user_id=user_id, token=token, new_password=NEW_PASSWORD)
        )
    elif fate == "expired":
        clock.advance(timedelta(minutes=60))
    else:
        clock.advance(timedelta(seconds=1))
        actors.identity.update_password(
            commands.UpdatePassword(
                user_id=UUID(customer["user_id"]),
                client="test",
                old_password=customer["password"],
                new_password=NEW_PASSWORD,
                new_password_confirmed=NEW_PASSWORD,
            )
        )
    # when
    send_password_reset_email.fn(str(reset_id))
    # then
    assert smtp.inbox.envelopes == []
    assert "EmailSent" not in events_of(actors, reset_id)


def test_an_smtp_failure_raises_so_that_it_is_retried_and_nothing_is_recorded(
    actors: runtime.Contexts, customer: dict, smtp: SmtpServer
) -> None:
    reset_id = request_reset(actors, customer["email"])
    smtp.stop()
    with pytest.raises(OSError):
        send_password_reset_email.fn(str(reset_id))
    assert events_of(actors, reset_id) == ["Requested"]
    smtp.start()
    send_password_reset_email.fn(str(reset_id))
    assert events_of(actors, reset_id) == ["Requested", "EmailSent"]


def test_the_actor_retries_by_default() -> None:
    assert send_password_reset_email.queue_name == "identity"
    assert send_password_reset_email.options["max_retries"] >= 1
