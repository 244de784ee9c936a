"""Referrals: the scheduler's job that pays the rewards fallen due, the referrer's email, and the
personal referral code every new account is given.

The job reads the referrals read model for the rewards due and sends pay_referral_reward, which
pays each at most once (a paid one answers False), so a rerun or a second scheduler changes nothing.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from email.message import EmailMessage
from uuid import UUID

import dramatiq

import workers.broker  # noqa: F401  (sets the broker before the actors below bind to it)
from domain.loyalty.referral_commands import ReferrerNotice
from projections.contexts import Contexts
from settings import Settings
from workers import runtime
from workers.mail import plain_email, recipient_message_id

log = logging.getLogger(__name__)


def pay_due_referral_rewards(contexts: Contexts, today: date) -> int:
    """Pays every referral whose rewards are due by now; returns how many it paid."""
    paid = 0
    for referral_id in contexts.read.referrals.due(contexts.loyalty.clock.now()):
        paid += 1 if contexts.loyalty.pay_referral_reward(referral_id) else 0
    return paid


def referrer_email(notice: ReferrerNotice, recipient: str, settings: Settings, now: datetime) -> EmailMessage:
    reward = f"£{notice.referrer_reward // 100}.{notice.referrer_reward % 100:02d}"
    return plain_email(
        settings.mail_from,
        recipient,
        "Someone you referred has joined us",
        (
            "Hello,\n\n"
            f"Thank you: a friend has joined us with your referral to account {notice.referring_account}. "
            f"Once their reward falls due, {reward} will be credited to your account.\n"
        ),
        recipient_message_id(f"referral-{notice.referral_id.hex}", recipient),
        now,
    )


# Retried with backoff while the mail server is down; a referrer already told is never told again.
@dramatiq.actor(queue_name="loyalty", max_retries=8, min_backoff=10_000, max_backoff=600_000)
def notify_referrer(referral_id: str) -> None:
    """Tells the referrer of a friend referral, once."""
    loyalty = runtime.contexts().loyalty
    notice = loyalty.referrer_notice(UUID(referral_id))
    if notice is None or notice.notified:
        log.info("referral %s: no referrer to tell", referral_id)
        return
    recipients = runtime.contexts().read.account_users.addresses_of(notice.referring_account)
    settings = runtime.settings()
    for recipient in recipients:
        runtime.mailer().send(referrer_email(notice, recipient, settings, loyalty.clock.now()))
    loyalty.record_referrer_notified(notice.referral_id)
    log.info("referral %s: %d referrer email(s) sent", referral_id, len(recipients))


@dramatiq.actor(queue_name="loyalty", max_retries=8, min_backoff=1_000, max_backoff=60_000)
def draw_referral_code(account_number: str) -> None:
    """Gives a new account its personal referral code (drawn once: a redelivery finds it drawn)."""
    runtime.contexts().loyalty.referral_code(account_number)
