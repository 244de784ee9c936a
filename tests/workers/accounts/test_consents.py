"""The consents worker: a double opt-in's link, through the outbox relay or Dramatiq, to a real SMTP server."""

from __future__ import annotations

import re
from datetime import timedelta
from uuid import UUID

import dramatiq
import pytest

from domain.accounts import commands
from domain.accounts.consents import Consents, account_holder
from domain.shared.clock import FrozenClock
from domain.shared.digests import digest
from ops import following, runtime
from settings import Settings
from tests.workers.conftest import SmtpServer
from workers.accounts.consents import send_double_opt_in
from workers.broker import broker
from workers.dispatch import REACTIONS


@pytest.fixture
def requested(actors: runtime.Contexts, customer: dict, consent_types: list[str]) -> tuple[UUID, str]:
    """The account's MARKETING_EMAIL asked for by double opt-in: its Consents id and the token's digest."""
    number = customer["account_number"]
    actors.accounts.request_double_opt_in(
        commands.RequestDoubleOptIn(
            code="MARKETING_EMAIL",
            email="ada@example.com",
            mobile="",
            ip="192.0.2.10",
            requested_by="test",
            account_number=number,
        )
    )
    consents_id = Consents.id_for(account_holder(number))
    [token_digest] = actors.accounts.load(consents_id).opt_ins
    return consents_id, token_digest


def events_of(contexts: runtime.Contexts, consents_id: UUID) -> list[str]:
    return [type(e).__name__ for e in contexts.accounts.repository.event_store.get(consents_id)]


def token_in(smtp: SmtpServer) -> str:
    [message] = smtp.inbox.messages()
    body = message.get_body(("plain",))
    assert body is not None
    found = re.search(r"https://kraken\.example/confirm-consent\?token=([\w-]+)", body.get_content())
    assert found, body.get_content()
    return found[1]


def test_the_relay_follows_the_accounts_store_and_the_email_arrives(
    backend: str,
    actors: runtime.Contexts,
    worker_settings: Settings,
    smtp: SmtpServer,
    requested: tuple[UUID, str],
    clock: FrozenClock,
) -> None:
    consents_id, token_digest = requested
    # when the outbox relay runs (inline, as on the embedded default)
    relay = following.runner(worker_settings, actors)
    try:
        relay.catch_up()
    finally:
        relay.wakeup.close()
    # then one email went to the address given, with the link the store cannot rebuild alone
    [envelope] = smtp.inbox.envelopes
    assert envelope.rcpt_tos == ["ada@example.com"]
    [message] = smtp.inbox.messages()
    assert message["Subject"] == "Please confirm your consent"
    assert "Marketing by email" in message.get_body(("plain",)).get_content()
    expires = (clock.now() + timedelta(hours=48)).strftime("%Y-%m-%d %H:%M UTC")
    assert expires in message.get_body(("plain",)).get_content()
    assert digest(token_in(smtp)) == token_digest
    assert events_of(actors, consents_id) == ["Opened", "DoubleOptInRequested", "DoubleOptInMessageSent"]


def test_through_dramatiq_and_a_redelivery_sends_nothing_twice(
    actors: runtime.Contexts, smtp: SmtpServer, stub_worker: dramatiq.Worker, requested: tuple[UUID, str]
) -> None:
    consents_id, token_digest = requested
    send_double_opt_in.send(str(consents_id), token_digest)
    broker.join("accounts", fail_fast=True)
    stub_worker.join()
    send_double_opt_in.fn(str(consents_id), token_digest)
    assert len(smtp.inbox.envelopes) == 1
    assert events_of(actors, consents_id).count("DoubleOptInMessageSent") == 1


def test_an_expired_link_is_not_sent(
    actors: runtime.Contexts, smtp: SmtpServer, requested: tuple[UUID, str], clock: FrozenClock
) -> None:
    consents_id, token_digest = requested
    clock.advance(timedelta(hours=48))
    send_double_opt_in.fn(str(consents_id), token_digest)
    assert smtp.inbox.envelopes == []
    assert "DoubleOptInMessageSent" not in events_of(actors, consents_id)


def test_the_requested_event_is_wired_to_the_actor() -> None:
    [reaction] = [r for r in REACTIONS if r.actor is send_double_opt_in]
    assert reaction.upstream == "accounts" and reaction.event.__qualname__ == "Consents.DoubleOptInRequested"
