"""The QuoteFollowUp aggregate: a reminder of a quote, sent to a recipient later (scheduleQuoteFollowUp).

Scheduled with its recipient (names and contacts: the supply store is encrypted at rest) and when to
send it; the scheduler's job releases it once due, which hands it to the sending actor; the actor
records it sent. Each step happens once: a released follow-up is not released again, a sent one is
not sent again.
"""

from __future__ import annotations

import re
from datetime import datetime
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain.identity.lookups import WELL_FORMED_EMAIL
from domain.supply.errors import QuoteRecipientInvalid

WELL_FORMED_MOBILE = re.compile(r"\+?[0-9]{7,15}")
EMAIL, SMS = "EMAIL", "SMS"


def recipient_channel(email: str, mobile: str) -> tuple[str, str]:
    """The channel and address to follow up on: the email when one is given, else the mobile (KT-CT-4632)."""
    email, mobile = email.strip(), "".join(mobile.split())
    if email and not WELL_FORMED_EMAIL.fullmatch(email):
        raise QuoteRecipientInvalid("The recipient's email address is not a well-formed email address.")
    if mobile and not WELL_FORMED_MOBILE.fullmatch(mobile):
        raise QuoteRecipientInvalid("The recipient's mobile number is not a well-formed phone number.")
    if email:
        return EMAIL, email
    if mobile:
        return SMS, mobile
    raise QuoteRecipientInvalid("Give the recipient an email address or a mobile number.")


class QuoteFollowUp(Aggregate):
    @classmethod
    def schedule(
        cls,
        quote_code: str,
        channel: str,
        address: str,
        given_name: str,
        family_name: str,
        send_at: datetime,
        at: datetime,
    ) -> QuoteFollowUp:
        return cls._create(
            cls.Scheduled,
            id=uuid4(),
            quote_code=quote_code,
            channel=channel,
            address=address,
            given_name=given_name,
            family_name=family_name,
            send_at=send_at,
            scheduled_at=at,
        )

    class Scheduled(Aggregate.Created):
        quote_code: str
        channel: str
        address: str
        given_name: str
        family_name: str
        send_at: datetime
        scheduled_at: datetime

    @event(Scheduled)
    def __init__(
        self,
        quote_code: str,
        channel: str,
        address: str,
        given_name: str,
        family_name: str,
        send_at: datetime,
        scheduled_at: datetime,
    ) -> None:
        self.quote_code, self.channel, self.address = quote_code, channel, address
        self.given_name, self.family_name = given_name, family_name
        self.send_at, self.scheduled_at = send_at, scheduled_at
        self.released_at: datetime | None = None
        self.sent_at: datetime | None = None

    @property
    def follow_up_id(self) -> UUID:
        return self.id

    def release(self, at: datetime) -> bool:
        """Hands the follow-up to the sender once it is due; False if it is not due or was released."""
        if self.released_at is not None or at < self.send_at:
            return False
        self._release(released_at=at)
        return True

    class Released(Aggregate.Event):
        released_at: datetime

    @event(Released)
    def _release(self, released_at: datetime) -> None:
        self.released_at = released_at

    def record_sent(self, at: datetime) -> bool:
        if self.sent_at is not None:
            return False
        self._record_sent(sent_at=at)
        return True

    class Sent(Aggregate.Event):
        sent_at: datetime

    @event(Sent)
    def _record_sent(self, sent_at: datetime) -> None:
        self.sent_at = sent_at
