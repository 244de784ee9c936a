"""Who lives at a postcode: the lookup identity checks (verifyIdentity and its fallback) start from.

The index lives at an id derived from the normalised postcode, so adding a resident is one more
aggregate in the same atomic save as the user's address.
"""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

_RESIDENTS = uuid5(NAMESPACE_URL, "https://kraken-es/identity/residents/")


def normalise_postcode(postcode: str) -> str:
    return "".join(postcode.split()).upper()


class Residents(Aggregate):
    """The account users whose recorded address has one postcode."""

    @staticmethod
    def id_for(postcode: str) -> UUID:
        return uuid5(_RESIDENTS, normalise_postcode(postcode))

    class Started(Aggregate.Created):
        user_id: UUID

    @classmethod
    def start(cls, postcode: str, user_id: UUID) -> Residents:
        return cls._create(cls.Started, id=cls.id_for(postcode), user_id=user_id)

    @event(Started)
    def __init__(self, user_id: UUID) -> None:
        self.user_ids: tuple[UUID, ...] = (user_id,)

    def add(self, user_id: UUID) -> None:
        if user_id not in self.user_ids:
            self._add(user_id=user_id)

    @event("ResidentAdded")
    def _add(self, user_id: UUID) -> None:
        self.user_ids = (*self.user_ids, user_id)
