"""The ReferenceClaim aggregate: a reference value within a namespace names the one account holding it."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

_CLAIMS = uuid5(NAMESPACE_URL, "https://kraken-es/accounts/reference-claim/")


class ReferenceClaim(Aggregate):
    """Lives at an id derived from (namespace, value), and is saved with the account it names: two
    accounts claiming one value at once make the same new aggregate, so one save fails and retries."""

    @staticmethod
    def id_for(namespace: str, value: str) -> UUID:
        # The namespace cannot hold a NUL, so the pair maps to one name only.
        return uuid5(_CLAIMS, f"{namespace}\x00{value}")

    @classmethod
    def claim(cls, namespace: str, value: str, account_number: str) -> ReferenceClaim:
        return cls._create(
            cls.Claimed,
            id=cls.id_for(namespace, value),
            namespace=namespace,
            value=value,
            account_number=account_number,
        )

    class Claimed(Aggregate.Created):
        namespace: str
        value: str
        account_number: str

    @event(Claimed)
    def __init__(self, namespace: str, value: str, account_number: str) -> None:
        self.namespace = namespace
        self.value = value
        self.account_number = account_number
        self.released = False

    def held_by_another(self, account_number: str) -> bool:
        return not self.released and self.account_number != account_number

    def release(self) -> None:
        """The account's reference moved to another value: this one is free for any account."""
        self._release()

    @event("Released")
    def _release(self) -> None:
        self.released = True

    def reclaim(self, account_number: str) -> None:
        self._reclaim(account_number=account_number)

    @event("Reclaimed")
    def _reclaim(self, account_number: str) -> None:
        self.account_number = account_number
        self.released = False
