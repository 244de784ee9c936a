"""The MasqueradeGrant aggregate: one staff member's permission to masquerade once as one user.

The clear masquerade token is random and never stored: the grant lives at an id derived from the
token's SHA-256 digest, so presenting the token finds the grant in one read and a copy of the
event store gives no token. Its story: Issued, then at most once Used.
"""

from __future__ import annotations

from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

_INDEX = uuid5(NAMESPACE_URL, "https://kraken-es/identity/masquerade-grants/")


class MasqueradeGrant(Aggregate):
    """Lets `staff_id` obtain one short-lived token as `user_id` before `expires_at`."""

    class Issued(Aggregate.Created):
        staff_id: UUID
        user_id: UUID
        token_digest: str
        expires_at: datetime

    @staticmethod
    def id_for(token_digest: str) -> UUID:
        return uuid5(_INDEX, "masquerade-token:" + token_digest)

    @classmethod
    def issue(cls, token_digest: str, staff_id: UUID, user_id: UUID, expires_at: datetime) -> MasqueradeGrant:
        return cls._create(
            cls.Issued,
            id=cls.id_for(token_digest),
            staff_id=staff_id,
            user_id=user_id,
            token_digest=token_digest,
            expires_at=expires_at,
        )

    @event(Issued)
    def __init__(self, staff_id: UUID, user_id: UUID, token_digest: str, expires_at: datetime) -> None:
        self.staff_id = staff_id
        self.user_id = user_id
        self.token_digest = token_digest
        self.expires_at = expires_at
        self.used_at: datetime | None = None

    def refusal(self, user_id: UUID, at: datetime) -> str | None:
        """Why the grant cannot be used now for `user_id`, or None if it can."""
        if self.user_id != user_id:
            return "not issued for this user"
        if self.used_at is not None:
            return "already used"
        if at >= self.expires_at:
            return "expired"
        return None

    def use(self, at: datetime) -> None:
        self._use(used_at=at)

    @event("Used")
    def _use(self, used_at: datetime) -> None:
        self.used_at = used_at
