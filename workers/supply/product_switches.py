"""Product switches: the scheduler's job that makes those whose day has come, and the confirmation email.

The job reads the agreements read model for the switches due and sends apply_product_switch, which
makes each at most once (a switch already made answers False), so a rerun or a second scheduler in
the same tick changes nothing.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from email.message import EmailMessage

import dramatiq

import workers.broker  # noqa: F401  (sets the broker before the actors below bind to it)
from domain.supply.product_commands import ProductSwitchMessage
from projections.contexts import Contexts
from settings import Settings
from workers import runtime
from workers.mail import plain_email

log = logging.getLogger(__name__)


def apply_due_product_switches(contexts: Contexts, today: date) -> int:
    """Makes the agreement of every switch due by `today`; returns how many it made."""
    made = 0
    for number in contexts.read.supply_agreements.due_switches(today):
        made += 1 if contexts.supply.apply_product_switch(number) else 0
    return made


def confirmation_email(message: ProductSwitchMessage, settings: Settings, now: datetime) -> EmailMessage:
    return plain_email(
        settings.mail_from,
        message.address,
        f"Your water product changes to {message.product_name}",
        (
            "Hello,\n\n"
            f"Account {message.account_number} moves to {message.product_name} ({message.product_code}) "
            f"from {message.switch_date.isoformat()}.\n\nIf you did not ask for this, please contact us.\n"
        ),
        f"product-switch-{message.number}",
        now,
    )


@dramatiq.actor(queue_name="supply", max_retries=8, min_backoff=10_000, max_backoff=600_000)
def send_product_switch_confirmation(number: int) -> None:
    """Sends a switch's confirmation once; a suppressed, addressless or already sent one sends nothing."""
    supply = runtime.contexts().supply
    message = supply.product_switch_message(number)
    if message is None:
        log.info("product switch %s: no confirmation to send", number)
        return
    runtime.mailer().send(confirmation_email(message, runtime.settings(), supply.clock.now()))
    supply.record_product_switch_confirmation_sent(number)
    log.info("product switch %s: confirmation sent", number)
