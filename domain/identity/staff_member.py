"""The StaffMember aggregate: a support person who may masquerade as account users, while active.

Staff are created and deactivated by operators (`kraken staff ...`); they never log in to the
customer API themselves. What they hold is a one-time masquerade token minted for one user
(MasqueradeGrant), exchanged by masqueradeAuthentication for a short-lived Kraken Token.
"""

from __future__ import annotations

from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.identity.indexes import normalise_email

_INDEX = uuid5(NAMESPACE_URL, "https://kraken-es/identity/staff/")


class StaffMember(Aggregate):
    """Support staff: known by a work email; masquerades only while not deactivated."""

    class Registered(Aggregate.Created):
        email: str
        registered_at: datetime

    @staticmethod
    def id_for(email: str) -> UUID:
        # One staff member per email without a separate index: the id is derived from it, so two
        # registrations of one email conflict in the store.
        return uuid5(_INDEX, "staff-email:" + normalise_email(email))

    @classmethod
    def register(cls, email: str, at: datetime) -> StaffMember:
        return cls._create(cls.Registered, id=cls.id_for(email), email=normalise_email(email), registered_at=at)

    @event(Registered)
    def __init__(self, email: str, registered_at: datetime) -> None:
        self.email = email
        self.registered_at = registered_at
        self.deactivated_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.deactivated_at is None

    @property
    def actor(self) -> str:
        """How events written under this staff member's masquerade name the real actor."""
        return f"staff:{self.id}"

    def deactivate(self, at: datetime) -> None:
        # Idempotent: the first deactivation is the fact worth recording.
        if self.deactivated_at is None:
            self._deactivate(deactivated_at=at)

    @event("Deactivated")
    def _deactivate(self, deactivated_at: datetime) -> None:
        self.deactivated_at = deactivated_at
