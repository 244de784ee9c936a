"""Lifecycle processes' side effects: the scheduler's job that completes occupy and leave property
processes whose date has come, and the actor that confirms a cancelled enrollment by email.

Both are idempotent: completing a process already completed (or not due) changes nothing, and the
email is sent only while the process has no `CancellationNotified` event, which the actor records
once the mailer has taken the message; a redelivery after that sends nothing.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from email.message import EmailMessage
from uuid import UUID

import dramatiq

import workers.broker  # noqa: F401  (sets the broker before the actors below bind to it)
from domain.supply.lifecycle_process import LifecycleProcess, ProcessKind, ProcessStatus
from projections.contexts import Contexts
from settings import Settings
from workers import runtime
from workers.mail import plain_email, recipient_message_id

logger = logging.getLogger(__name__)

# The most processes one tick completes: the next tick takes the rest.
BATCH = 500


def complete_due_processes(contexts: Contexts, today: date) -> int:
    """The scheduler's job: completes every active occupy or leave property process due by `today`."""
    completed = 0
    for number in contexts.read.lifecycle_processes.due(today, BATCH):
        if contexts.supply.complete_due_process(number):
            completed += 1
    return completed


def cancellation_email(
    process: LifecycleProcess, to: str, name: str, settings: Settings, now: datetime
) -> EmailMessage:
    what = "move-in" if process.kind is ProcessKind.OCCUPY_PROPERTY else "application to join us"
    day = f" on {process.effective_on.isoformat()}" if process.effective_on is not None else ""
    return plain_email(
        settings.mail_from,
        to,
        "Your enrollment has been cancelled",
        (
            f"Hello {name},\n\n"
            f"As you asked, we have cancelled your {what}{day} for account {process.account_number} "
            f"(process {process.number}).\n\n"
            "If you did not ask for this, please contact us.\n"
        ),
        recipient_message_id(f"enrollment-cancelled-{process.number}", to),
        now,
    )


@dramatiq.actor(queue_name="supply", max_retries=8, min_backoff=10_000, max_backoff=600_000)
def send_enrollment_cancelled_email(process_id: str) -> None:
    """Emails the account's users that the process was cancelled; once per process."""
    contexts = runtime.contexts()
    process: LifecycleProcess | None = contexts.supply.find(UUID(process_id))
    if process is None or process.status is not ProcessStatus.CANCELLED or process.cancellation_notified:
        logger.info("enrollment %s: no cancellation email to send", process_id)
        return
    number = process.number
    settings = runtime.settings()
    [users] = contexts.read.account_users.users_of_accounts([process.account_number])
    if not users:
        # The users read model has not caught up with a brand-new account: a redelivery sends it.
        logger.warning("enrollment %s: account %s has no users listed yet", number, process.account_number)
        return
    now = contexts.supply.clock.now()
    for user in users:
        runtime.mailer().send(cancellation_email(process, user["email"], user["given_name"], settings, now))
    contexts.supply.record_cancellation_notified(number)
    logger.info("enrollment %s: cancellation confirmed to %d user(s)", number, len(users))
