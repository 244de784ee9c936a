"""Contribution agreements: the scheduler's job that fulfils the periods that have ended, and the actor
that confirms a new agreement by email.

The job only records periods fulfilled (a command, once per period); the payments context charges
each from its event, exactly once. The actor sends the confirmation and records it sent: a
redelivered message finds it sent and sends nothing.
"""

from __future__ import annotations

import logging
from datetime import UTC, date
from uuid import UUID

import dramatiq

import workers.broker  # noqa: F401  (sets the broker before the actors below bind to it)
from domain.loyalty.contribution_agreement import ContributionAgreement
from projections.contexts import Contexts
from workers import runtime
from workers.mail import plain_email, recipient_message_id

log = logging.getLogger(__name__)


def fulfil_due_contribution_periods(contexts: Contexts, today: date) -> int:
    """Fulfils the periods of every agreement with one that has ended by now; returns how many."""
    now = contexts.loyalty.clock.now()
    return sum(
        contexts.loyalty.fulfil_contribution_periods(agreement_id)
        for agreement_id in contexts.read.contributions.due(now)
    )


def confirmation_text(agreement: ContributionAgreement, scheme_name: str) -> str:
    every = "month" if agreement.interval.months == 1 else "quarter"
    until = f" until {agreement.ends_at.astimezone(UTC):%Y-%m-%d}" if agreement.ends_at else ""
    return (
        f"Hello,\n\nThank you: from {agreement.active_from.astimezone(UTC):%Y-%m-%d}{until}, account "
        f"{agreement.account_number} gives {agreement.amount / 100:.2f} every {every} to {scheme_name}. "
        "Each contribution is charged to your account when its period ends. You can end the agreement at any time.\n"
    )


@dramatiq.actor(queue_name="loyalty", max_retries=8, min_backoff=10_000, max_backoff=600_000)
def send_contribution_agreement_confirmation(agreement_id: str) -> None:
    """Tells the account's users about their new contribution agreement, once."""
    loyalty = runtime.contexts().loyalty
    agreement = loyalty.contribution_agreement(UUID(agreement_id))
    if agreement is None or agreement.confirmation_sent:
        log.info("contribution agreement %s: confirmation already sent", agreement_id)
        return
    scheme = loyalty.contribution_scheme(agreement.scheme_code)
    text = confirmation_text(agreement, scheme.display_name if scheme is not None else agreement.scheme_code)
    settings = runtime.settings()
    for address in runtime.contexts().read.account_users.addresses_of(agreement.account_number):
        runtime.mailer().send(
            plain_email(
                settings.mail_from,
                address,
                "Your contribution agreement",
                text,
                recipient_message_id(f"contribution-agreement-{agreement.id.hex}", address),
                loyalty.clock.now(),
            )
        )
    loyalty.record_contribution_confirmation_sent(agreement.id)
