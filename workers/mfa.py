"""The identity context's MFA actor: sending EMAIL and SMS codes for MFA challenges."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.message import EmailMessage
from uuid import UUID

import dramatiq

import workers.broker  # noqa: F401  (sets the broker before the actors below bind to it)
from domain.identity.mfa_commands import MfaCodeMessage
from domain.identity.mfa_devices import EMAIL
from settings import Settings
from workers import runtime
from workers.mail import plain_email
from workers.sms import sms_sender_for

logger = logging.getLogger(__name__)


def mfa_code_text(pending: MfaCodeMessage) -> str:
    expires = pending.expires_at.astimezone(UTC).strftime("%H:%M UTC")
    return f"Your Kraken verification code is {pending.code}. It expires at {expires}. Never share it with anyone."


def mfa_code_email(pending: MfaCodeMessage, settings: Settings, now: datetime) -> EmailMessage:
    return plain_email(
        settings.mail_from,
        pending.destination,
        "Your verification code",
        (
            "Hello,\n\n"
            + mfa_code_text(pending)
            + "\n\nIf you did not try to log in or add a device, change your password: someone knows it.\n"
        ),
        f"mfa-{pending.challenge_id}",
        now,
    )


# As for the login-link emails: retry with backoff while the channel is down; a code past its
# expiry (10 minutes) is never sent, so late retries do nothing.
@dramatiq.actor(queue_name="identity", max_retries=5, min_backoff=5_000, max_backoff=60_000)
def send_mfa_code(devices_id: str, challenge_id: str) -> None:
    """Sends a challenge's code once; a redelivered, late or replaced challenge sends nothing."""
    identity = runtime.contexts().identity
    pending = identity.mfa_code_message(UUID(devices_id), UUID(challenge_id))
    if pending is None:
        logger.info("MFA challenge %s: no code to send", challenge_id)
        return
    if pending.method == EMAIL:
        runtime.mailer().send(mfa_code_email(pending, runtime.settings(), identity.clock.now()))
    else:
        sms_sender_for(runtime.settings()).send(pending.destination, mfa_code_text(pending))
    # The outcome goes back to the domain as a command, so that it is an event too (never the code).
    identity.record_mfa_code_sent(pending.devices_id, pending.challenge_id)
    logger.info("MFA challenge %s: %s code sent", challenge_id, pending.method)
