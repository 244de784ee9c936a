"""The identity context's actors: emailing pre-signed login keys."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.message import EmailMessage
from urllib.parse import urlencode
from uuid import UUID

import dramatiq

import workers.broker  # noqa: F401  (sets the broker before the actors below bind to it)
from domain.identity.application import PreSignedTokenEmail
from settings import Settings
from workers import runtime
from workers.mail import plain_email

logger = logging.getLogger(__name__)


def pre_signed_token_message(email: PreSignedTokenEmail, settings: Settings, now: datetime) -> EmailMessage:
    """The plain-text email carrying the login link and the key itself (for apps that take it typed)."""
    link = f"{settings.public_url.rstrip('/')}/login?{urlencode({'preSignedKey': email.key})}"
    expires = email.expires_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    what = email.scope.replace("_", " ").lower()
    return plain_email(
        settings.mail_from,
        email.recipient,
        "Your one-time login link",
        (
            "Hello,\n"
            "\n"
            f"Here is the login link you asked for. It works once, to {what}:\n"
            "\n"
            f"{link}\n"
            "\n"
            "If the link does not open, enter this key instead:\n"
            "\n"
            f"{email.key}\n"
            "\n"
            f"It expires at {expires}.\n"
            "\n"
            "If you did not ask for it, you can ignore this email; do not forward it, since it logs in as you.\n"
        ),
        f"pre-signed-{email.key_id}",
        now,
    )


# Delivery is at least once and a send may fail for a while (SMTP down): retry with backoff for
# about half an hour. A key past its expiry is never emailed, so late retries do nothing.
@dramatiq.actor(queue_name="identity", max_retries=8, min_backoff=10_000, max_backoff=600_000)
def send_pre_signed_token_email(key_id: str) -> None:
    """Emails a pre-signed key once; a redelivered or late message sends nothing."""
    identity = runtime.contexts().identity
    pending = identity.pre_signed_token_email(UUID(key_id))
    if pending is None:
        # Already sent, or the key was used, invalidated or has expired: nothing to do.
        logger.info("pre-signed key %s: no email to send", key_id)
        return
    runtime.mailer().send(pre_signed_token_message(pending, runtime.settings(), identity.clock.now()))
    # The outcome goes back to the domain as a command, so that it is an event too. If this fails
    # after the send, the retry sends again: at least once, never silently none.
    identity.record_pre_signed_token_email_sent(pending.key_id)
    logger.info("pre-signed key %s: email sent", key_id)
