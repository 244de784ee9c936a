"""Quote follow-ups: the scheduler's job that releases those due, and the actor that sends them.

The job only releases (a command, recorded once per follow-up); the relay hands each release to the
actor, which sends the email or SMS and records it sent. A redelivered release finds it sent and
sends nothing.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from email.message import EmailMessage
from uuid import UUID

import dramatiq

import workers.broker  # noqa: F401  (sets the broker before the actors below bind to it)
from domain.supply.product_commands import QuoteFollowUpMessage
from domain.supply.quote_follow_up import EMAIL
from projections.contexts import Contexts
from settings import Settings
from workers import runtime
from workers.mail import plain_email
from workers.sms import sms_sender_for

log = logging.getLogger(__name__)


def release_due_quote_follow_ups(contexts: Contexts, today: date) -> int:
    """Releases every follow-up due by now (they are due by the hour, not the day); returns how many."""
    now = contexts.supply.clock.now()
    return sum(
        1 for follow_up in contexts.read.quote_follow_ups.due(now) if contexts.supply.release_quote_follow_up(follow_up)
    )


def follow_up_text(message: QuoteFollowUpMessage) -> str:
    greeting = f"Hello {message.given_name}," if message.given_name else "Hello,"
    expires = message.expires_at.astimezone(UTC).strftime("%Y-%m-%d")
    return (
        f"{greeting} a reminder of your water quote {message.quote_code}: {', '.join(message.product_names)}. "
        f"It can be accepted until {expires}."
    )


def follow_up_email(message: QuoteFollowUpMessage, settings: Settings, now: datetime) -> EmailMessage:
    return plain_email(
        settings.mail_from,
        message.address,
        "Your water quote",
        follow_up_text(message) + "\n",
        f"quote-follow-up-{message.follow_up_id.hex}",
        now,
    )


@dramatiq.actor(queue_name="supply", max_retries=8, min_backoff=10_000, max_backoff=600_000)
def send_quote_follow_up(follow_up_id: str) -> None:
    """Sends a released follow-up once, by email or SMS; a sent one sends nothing."""
    supply = runtime.contexts().supply
    message = supply.quote_follow_up_message(UUID(follow_up_id))
    if message is None:
        log.info("quote follow-up %s: nothing to send", follow_up_id)
        return
    settings = runtime.settings()
    if message.channel == EMAIL:
        runtime.mailer().send(follow_up_email(message, settings, supply.clock.now()))
    else:
        sms_sender_for(settings).send(message.address, follow_up_text(message))
    supply.record_quote_follow_up_sent(message.follow_up_id)
    log.info("quote follow-up %s: %s sent", follow_up_id, message.channel)
