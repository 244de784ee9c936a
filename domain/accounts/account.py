"""The Account aggregate: a customer's account with the supplier, known by its number."""

from __future__ import annotations

import secrets
from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

_NUMBERS = uuid5(NAMESPACE_URL, "https://kraken-es/accounts/number/")
# Kraken account numbers look like A-1B2C3D4E: no 0/O or 1/I, so they survive being read aloud.
_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_account_number() -> str:
    return "A-" + "".join(secrets.choice(_ALPHABET) for _ in range(8))


class Account(Aggregate):
    """Lives at an id derived from its number, so two accounts can never share a number."""

    @staticmethod
    def id_for(number: str) -> UUID:
        return uuid5(_NUMBERS, number)

    @classmethod
    def open(cls, number: str, billing_name: str, opened_at: datetime) -> Account:
        return cls._create(
            cls.Opened, id=cls.id_for(number), number=number, billing_name=billing_name, opened_at=opened_at
        )

    class Opened(Aggregate.Created):
        number: str
        billing_name: str
        opened_at: datetime

    @event(Opened)
    def __init__(self, number: str, billing_name: str, opened_at: datetime) -> None:
        self.number = number
        self.billing_name = billing_name
        self.opened_at = opened_at
