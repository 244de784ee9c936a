"""Consent types: the configuration of what a customer can consent to (marketing by email, ...).

A type lives at an id derived from its code, so a code names one type. Operators define them
(`kraken consent-type define`); a definition that changes nothing records nothing.
"""

from __future__ import annotations

from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

_CODES = uuid5(NAMESPACE_URL, "https://kraken-es/accounts/consent-type/")

# Kraken's ConsentValue.
ACCEPTED, REJECTED, UNKNOWN, PENDING = "ACCEPTED", "REJECTED", "UNKNOWN", "PENDING"
VALUES = (ACCEPTED, REJECTED, UNKNOWN, PENDING)


class ConsentType(Aggregate):
    @staticmethod
    def id_for(code: str) -> UUID:
        return uuid5(_CODES, code)

    class Defined(Aggregate.Created):
        code: str
        name: str
        description: str
        default_value: str
        defined_at: datetime

    @classmethod
    def define(cls, code: str, name: str, description: str, default_value: str, at: datetime) -> ConsentType:
        return cls._create(
            cls.Defined,
            id=cls.id_for(code),
            code=code,
            name=name,
            description=description,
            default_value=default_value,
            defined_at=at,
        )

    @event(Defined)
    def __init__(self, code: str, name: str, description: str, default_value: str, defined_at: datetime) -> None:
        self.code = code
        self.name = name
        self.description = description
        self.default_value = default_value

    def redefine(self, name: str, description: str, default_value: str, at: datetime) -> bool:
        """Records the new definition; False (and nothing recorded) when it is the current one."""
        if (name, description, default_value) == (self.name, self.description, self.default_value):
            return False
        self._redefine(code=self.code, name=name, description=description, default_value=default_value, redefined_at=at)
        return True

    class Redefined(Aggregate.Event):
        code: str
        name: str
        description: str
        default_value: str
        redefined_at: datetime

    @event(Redefined)
    def _redefine(self, code: str, name: str, description: str, default_value: str, redefined_at: datetime) -> None:
        self.name = name
        self.description = description
        self.default_value = default_value
