"""The supply context's meter-reading actor: the email confirming a reading the customer submitted,
saying whether it counts or will be checked first (a held reading).

Only the customer who submitted it is written to, and only while their comms preferences keep
meter-reading confirmations on (Kraken's isOptedInMeterReadingConfirmations, on by default). It sends
once: the outcome goes back to the domain as a command (MeterReadings.ConfirmationSent).
"""

from __future__ import annotations

import logging
from email.message import EmailMessage
from uuid import UUID

import dramatiq

import workers.broker  # noqa: F401  (sets the broker before the actors below bind to it)
from domain.shared.digests import digest
from domain.supply.meter_commands import ReadingConfirmation
from domain.supply.meter_readings import ReadingStatus
from settings import Settings
from workers import runtime
from workers.mail import plain_email

logger = logging.getLogger(__name__)


def reading_text(confirmation: ReadingConfirmation) -> str:
    what = (
        f"your reading of {confirmation.value} cubic metres on meter {confirmation.serial_number}, "
        f"taken on {confirmation.read_on:%A} {confirmation.read_on.day} {confirmation.read_on:%B %Y}"
    )
    if confirmation.status is ReadingStatus.HELD:
        outcome = (
            "It is quite different from what we expected after your last reading, so we will check it before "
            "we use it for your bill. You do not need to do anything; we will contact you if we need to."
        )
    else:
        outcome = "We will use it for your next bill."
    return "\n".join(
        [
            "Hello,",
            "",
            f"Thank you: we have received {what} (reference {confirmation.reading_id}).",
            outcome,
            "",
            "You can stop these emails in your communication preferences.",
            "",
        ]
    )


def reading_email(confirmation: ReadingConfirmation, settings: Settings) -> EmailMessage:
    return plain_email(
        settings.mail_from,
        confirmation.email,
        "We have received your meter reading",
        reading_text(confirmation),
        f"meter-reading-{confirmation.reading_id}-{digest(confirmation.email)[:16]}",
        runtime.contexts().supply.clock.now(),
    )


# As for the other emails we send: retry with backoff while the channel is down.
@dramatiq.actor(queue_name="supply", max_retries=8, min_backoff=10_000, max_backoff=600_000)
def confirm_meter_reading(readings_id: str, ordinal: int) -> None:
    """Confirms a submitted reading to the customer who submitted it, once."""
    supply = runtime.contexts().supply
    confirmation = supply.reading_confirmation(UUID(readings_id), ordinal)
    if confirmation is None:
        logger.info("meter reading %s/%d: nothing to confirm", readings_id, ordinal)
        return
    runtime.mailer().send(reading_email(confirmation, runtime.settings()))
    supply.record_reading_confirmation_sent(confirmation.readings_id, ordinal, (confirmation.email,))
    logger.info("meter reading %s: confirmation sent", confirmation.reading_id)
