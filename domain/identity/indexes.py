"""Lookup aggregates: an email or a secret-key digest names the user it belongs to.

They live at ids derived from what they index, so that claiming an email or a key is one more
aggregate in the same atomic save: two claims of one email cannot both succeed.
"""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

_INDEX = uuid5(NAMESPACE_URL, "https://kraken-es/identity/")


def normalise_email(email: str) -> str:
    return email.strip().lower()


class UserEmail(Aggregate):
    """Claims one normalised email address for one user."""

    @staticmethod
    def id_for(email: str) -> UUID:
        return uuid5(_INDEX, "email:" + normalise_email(email))

    @classmethod
    def claim(cls, email: str, user_id: UUID) -> UserEmail:
        return cls._create(cls.Claimed, id=cls.id_for(email), user_id=user_id)

    class Claimed(Aggregate.Created):
        user_id: UUID

    @event(Claimed)
    def __init__(self, user_id: UUID) -> None:
        self.user_id = user_id

    # A user who changes email releases the old one (it must stop logging in, and may be claimed
    # again); a class default, so that claims recorded before release existed read as held.
    released = False

    def release(self) -> None:
        self._release()

    @event("Released")
    def _release(self) -> None:
        self.released = True

    def reclaim(self, user_id: UUID) -> None:
        self._reclaim(user_id=user_id)

    @event("Reclaimed")
    def _reclaim(self, user_id: UUID) -> None:
        self.user_id = user_id
        self.released = False


class SecretKey(Aggregate):
    """Maps the digest of a live secret (API) key to the user it was issued to."""

    @staticmethod
    def id_for(key_digest: str) -> UUID:
        return uuid5(_INDEX, "secret-key:" + key_digest)

    @classmethod
    def claim(cls, key_digest: str, user_id: UUID) -> SecretKey:
        return cls._create(cls.Claimed, id=cls.id_for(key_digest), user_id=user_id)

    class Claimed(Aggregate.Created):
        user_id: UUID

    @event(Claimed)
    def __init__(self, user_id: UUID) -> None:
        self.user_id = user_id
