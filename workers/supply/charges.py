"""The supply context's charges actors: emailing an account's users that their meter application was
received, and that they are now charged on their meter.

Each sends once: the outcome goes back to the domain as a command (ConfirmationSent on the order,
SwitchConfirmationSent on the property's basis), so a redelivered message finds it sent and does nothing.
"""

from __future__ import annotations

import logging
from email.message import EmailMessage

import dramatiq

import workers.broker  # noqa: F401  (sets the broker before the actors below bind to it)
from settings import Settings
from workers import runtime
from workers.mail import plain_email, recipient_message_id

logger = logging.getLogger(__name__)


def _email(settings: Settings, to: str, subject: str, body: str, message_id: str) -> EmailMessage:
    return plain_email(
        settings.mail_from,
        to,
        subject,
        body,
        recipient_message_id(message_id, to),
        runtime.contexts().supply.clock.now(),
    )


@dramatiq.actor(queue_name="supply", max_retries=8, min_backoff=10_000, max_backoff=600_000)
def send_service_order_confirmation(number: str) -> None:
    """Tells the applicant's users that their meter application was received, once."""
    supply = runtime.contexts().supply
    order = supply.service_order(number)
    if order is None or order.confirmation_sent:
        logger.info("service order %s: confirmation already sent", number)
        return
    settings = runtime.settings()
    for address in runtime.contexts().read.account_users.addresses_of(order.account_number):
        body = (
            f"Hello,\n\nWe have received your application for a water meter (reference {order.number}) for your "
            "account " + order.account_number + ". We will be in touch to book a survey; meters are fitted free "
            "where it is reasonably practical. If one cannot be fitted, we will offer you an assessed charge.\n"
        )
        runtime.mailer().send(
            _email(settings, address, "Your water meter application", body, f"service-order-{order.number}")
        )
    supply.record_service_order_confirmation_sent(order.number)


@dramatiq.actor(queue_name="supply", max_retries=8, min_backoff=10_000, max_backoff=600_000)
def send_measured_charges_confirmation(property_id: str, account_number: str) -> None:
    """Tells the account's users that they are charged on their meter from a day, once."""
    supply = runtime.contexts().supply
    basis = supply.charge_basis(property_id)
    switch = basis.switches.get(account_number) if basis is not None else None
    if basis is None or switch is None or account_number in basis.switches_confirmed:
        logger.info("measured charges at %s for %s: nothing to send", property_id, account_number)
        return
    settings = runtime.settings()
    for address in runtime.contexts().read.account_users.addresses_of(account_number):
        body = (
            f"Hello,\n\nFrom {switch.valid_from.isoformat()} your account {account_number} is charged for the water "
            f"your meter records. If you change your mind, you can switch back to unmeasured charges until "
            f"{switch.reversion_deadline.isoformat()}.\n"
        )
        runtime.mailer().send(
            _email(
                settings, address, "You are now on measured charges", body, f"measured-{property_id}-{account_number}"
            )
        )
    supply.record_switch_confirmation_sent(property_id, account_number)
