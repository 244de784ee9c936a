"""The Organisation aggregate: a partner that logs in with its live secret key and may act on any account.

Organisations are created by operators (`kraken org create`); their key is shown once and kept
only as a SHA-256 digest, indexed by OrganisationKey so that a login finds it in one read.
"""

from __future__ import annotations

from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

_INDEX = uuid5(NAMESPACE_URL, "https://kraken-es/identity/organisations/")
SUBJECT_PREFIX = "kraken|organization:"


class Organisation(Aggregate):
    """A Kraken organisation viewer: not an account user, it reaches accounts by number."""

    class Registered(Aggregate.Created):
        name: str
        key_digest: str
        registered_at: datetime

    @event(Registered)
    def __init__(self, name: str, key_digest: str, registered_at: datetime) -> None:
        self.name = name
        self.key_digest = key_digest
        self.registered_at = registered_at
        # Carried by its tokens as `rev`, like a user's: a new key refuses every earlier token.
        self.token_epoch = 0

    @property
    def subject(self) -> str:
        return f"{SUBJECT_PREFIX}{self.id}"

    @property
    def actor(self) -> str:
        return f"organisation:{self.id}"

    def belongs_to(self, account_number: str) -> bool:
        """An organisation may act on any account (a user's token only on its own)."""
        return True

    def rotate_key(self, key_digest: str, at: datetime) -> None:
        self._rotate_key(key_digest=key_digest, token_epoch=self.token_epoch + 1, rotated_at=at)

    @event("KeyRotated")
    def _rotate_key(self, key_digest: str, token_epoch: int, rotated_at: datetime) -> None:
        self.key_digest = key_digest
        self.token_epoch = token_epoch


class OrganisationKey(Aggregate):
    """Maps the digest of an organisation's secret key to the organisation."""

    @staticmethod
    def id_for(key_digest: str) -> UUID:
        return uuid5(_INDEX, "organisation-key:" + key_digest)

    @classmethod
    def claim(cls, key_digest: str, organisation_id: UUID) -> OrganisationKey:
        return cls._create(cls.Claimed, id=cls.id_for(key_digest), organisation_id=organisation_id)

    class Claimed(Aggregate.Created):
        organisation_id: UUID

    @event(Claimed)
    def __init__(self, organisation_id: UUID) -> None:
        self.organisation_id = organisation_id
