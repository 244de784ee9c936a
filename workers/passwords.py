"""The passwords actors: emailing password reset links."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.message import EmailMessage
from urllib.parse import urlencode
from uuid import UUID

import dramatiq

import workers.broker  # noqa: F401  (sets the broker before the actors below bind to it)
from domain.identity.password_commands import PasswordResetEmail
from settings import Settings
from workers import runtime
from workers.mail import plain_email

logger = logging.getLogger(__name__)


def password_reset_message(email: PasswordResetEmail, settings: Settings, now: datetime) -> EmailMessage:
    """The plain-text email carrying the reset link (userId and token, what resetUserPassword takes)."""
    query = urlencode({"userId": email.user_id, "token": email.token})
    link = f"{settings.public_url.rstrip('/')}/reset-password?{query}"
    expires = email.expires_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return plain_email(
        settings.mail_from,
        email.recipient,
        "Reset your password",
        (
            "Hello,\n"
            "\n"
            "Someone asked to reset the password of your account. To choose a new password, open this link:\n"
            "\n"
            f"{link}\n"
            "\n"
            f"It works once, and expires at {expires}.\n"
            "\n"
            "If you did not ask for it, you can ignore this email: your password stays as it is.\n"
        ),
        f"password-reset-{email.reset_id.hex}",
        now,
    )


# Delivery is at least once and a send may fail for a while (SMTP down): retry with backoff for
# about half an hour. A link past its expiry is never emailed, so late retries do nothing.
@dramatiq.actor(queue_name="identity", max_retries=8, min_backoff=10_000, max_backoff=600_000)
def send_password_reset_email(reset_id: str) -> None:
    """Emails a reset link once; a redelivered or late message sends nothing."""
    identity = runtime.contexts().identity
    pending = identity.password_reset_email(UUID(reset_id))
    if pending is None:
        # Already sent, or the link was used, has expired, or the password has changed since.
        logger.info("password reset %s: no email to send", reset_id)
        return
    runtime.mailer().send(password_reset_message(pending, runtime.settings(), identity.clock.now()))
    # The outcome goes back to the domain as a command, so that it is an event too. If this fails
    # after the send, the retry sends again: at least once, never silently none.
    identity.record_password_reset_email_sent(pending.reset_id)
    logger.info("password reset %s: email sent", reset_id)
