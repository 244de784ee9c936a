"""The accounts context's consent actor: sending a double opt-in's confirmation link by email or SMS."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.message import EmailMessage
from urllib.parse import urlencode
from uuid import UUID

import dramatiq

import workers.broker  # noqa: F401  (sets the broker before the actors below bind to it)
from domain.accounts.consent_commands import DoubleOptInMessage
from domain.accounts.consents import EMAIL
from settings import Settings
from workers import runtime
from workers.mail import plain_email
from workers.sms import sms_sender_for

logger = logging.getLogger(__name__)

CONFIRM_CONSENT_PATH = "/confirm-consent"


def confirmation_link(pending: DoubleOptInMessage, settings: Settings) -> str:
    return f"{settings.public_url.rstrip('/')}{CONFIRM_CONSENT_PATH}?{urlencode({'token': pending.token})}"


def double_opt_in_text(pending: DoubleOptInMessage, settings: Settings) -> str:
    expires = pending.expires_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"Please confirm that you agree to: {pending.type_name}. Open {confirmation_link(pending, settings)} "
        f"(it works once, until {expires})."
    )


def double_opt_in_email(pending: DoubleOptInMessage, settings: Settings, now: datetime) -> EmailMessage:
    return plain_email(
        settings.mail_from,
        pending.address,
        "Please confirm your consent",
        (
            "Hello,\n\n"
            + double_opt_in_text(pending, settings)
            + "\n\nIf you did not ask for this, ignore this email: nothing changes unless the link is confirmed.\n"
        ),
        f"double-opt-in-{pending.token_digest[:32]}",
        now,
    )


# As for the other links we send: retry with backoff while the channel is down; a link past its
# expiry, used or replaced is never sent, so late retries do nothing.
@dramatiq.actor(queue_name="accounts", max_retries=8, min_backoff=10_000, max_backoff=600_000)
def send_double_opt_in(consents_id: str, token_digest: str) -> None:
    """Sends a double opt-in's link once; a redelivered, late or replaced request sends nothing."""
    accounts = runtime.contexts().accounts
    pending = accounts.double_opt_in_message(UUID(consents_id), token_digest)
    if pending is None:
        logger.info("double opt-in %s: no message to send", token_digest[:12])
        return
    settings = runtime.settings()
    if pending.channel == EMAIL:
        runtime.mailer().send(double_opt_in_email(pending, settings, accounts.clock.now()))
    else:
        sms_sender_for(settings).send(pending.address, double_opt_in_text(pending, settings))
    # The outcome goes back to the domain as a command, so that it is an event too (never the token).
    accounts.record_double_opt_in_sent(pending.consents_id, pending.token_digest)
    logger.info("double opt-in %s: %s sent", token_digest[:12], pending.channel)
