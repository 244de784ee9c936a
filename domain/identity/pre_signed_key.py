"""The PreSignedKey aggregate: a one-time, scoped, expiring login key and what became of it.

It lives at the key's id; the clear key is `PreSignedKeys.key_for(id)` and is never recorded.
Its story: Issued, then (at most once each) EmailSent, Used, Invalidated.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.shared.catalogue import InvalidCredentials

# Kraken's ExpiringTokenScope values: a pre-signed key always grants exactly one of them.
SCOPES = frozenset(
    {
        "SUBMIT_METER_READINGS",
        "SUBMIT_CUSTOMER_FEEDBACK",
        "BOOK_SMART_METER_APPOINTMENTS",
        "EDIT_CUSTOMER_MARKETING_PREFERENCE",
        "JOIN_CAMPAIGNS",
        "JOIN_CAMPAIGN_EVENTS",
        "VIEW_CAMPAIGN_DASHBOARDS",
        "VIEW_DETAILED_USAGE",
        "REDEEM_LOYALTY_POINTS",
        "MANAGE_ACCOUNT_RENEWALS",
        "CHECKOUT_QUOTE",
        "UPDATE_BLACKHOLE_EMAIL",
        "UPDATE_SENSITIVE_CUSTOMER_INFORMATION",
        "MANAGE_GOODS_PURCHASES",
        "REPORT_MOVE_OUT",
        "ACCEPT_TERMS_AND_CONDITIONS",
        "MANAGE_PRODUCT_SWITCH",
        "MANAGE_BUSINESS_SECURITY_DEPOSIT",
    }
)


class PreSignedKey(Aggregate):
    """A key that logs its user in once, with one scope, until it expires or is invalidated."""

    class Issued(Aggregate.Created):
        user_id: UUID
        scope: str
        expires_at: datetime

    @classmethod
    def issue(cls, key_id: UUID, user_id: UUID, scope: str, expires_at: datetime) -> PreSignedKey:
        if scope not in SCOPES:
            raise ValueError(f"unknown pre-signed key scope {scope!r}")
        return cls._create(cls.Issued, id=key_id, user_id=user_id, scope=scope, expires_at=expires_at)

    @event(Issued)
    def __init__(self, user_id: UUID, scope: str, expires_at: datetime) -> None:
        self.user_id = user_id
        self.scope = scope
        self.expires_at = expires_at
        self.email_sent_at: datetime | None = None
        self.used_at: datetime | None = None
        self.invalidated_at: datetime | None = None

    def refusal(self, at: datetime) -> str | None:
        """Why the key cannot log in at `at`, or None if it can."""
        if self.used_at is not None:
            return "This pre-signed key has already been used."
        if self.invalidated_at is not None:
            return "This pre-signed key has been invalidated."
        if at >= self.expires_at:
            return "This pre-signed key has expired."
        return None

    def is_valid(self, at: datetime) -> bool:
        return self.refusal(at) is None

    def record_email_sent(self, at: datetime) -> bool:
        """Records the first successful send only; a redelivered message records nothing."""
        if self.email_sent_at is not None:
            return False
        self._record_email_sent(sent_at=at)
        return True

    @event("EmailSent")
    def _record_email_sent(self, sent_at: datetime) -> None:
        self.email_sent_at = sent_at

    def use(self, at: datetime) -> None:
        refusal = self.refusal(at)
        if refusal is not None:
            raise InvalidCredentials(refusal)
        self._use(used_at=at)

    @event("Used")
    def _use(self, used_at: datetime) -> None:
        self.used_at = used_at

    def invalidate(self, at: datetime) -> None:
        # Invalidating is idempotent: the first time is the fact worth recording.
        if self.invalidated_at is None:
            self._invalidate(invalidated_at=at)

    @event("Invalidated")
    def _invalidate(self, invalidated_at: datetime) -> None:
        self.invalidated_at = invalidated_at
