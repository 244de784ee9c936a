"""The Metadata aggregate: JSON values that integrations set under keys on an account or an account user."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import datetime
from enum import Enum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.accounts.errors import MetadataInvalid

_OBJECTS = uuid5(NAMESPACE_URL, "https://kraken-es/accounts/metadata/")
# A key: a letter, then letters, digits, "_", "-", "." or ":", at most 100 in all.
KEY = re.compile(r"[A-Za-z][A-Za-z0-9_.:-]{0,99}")
# The value's compact JSON text: room for a small document, not for a file.
VALUE_LENGTH = 4096


class LinkedObject(Enum):
    """What metadata hangs off: an account (by its number) or an account user (by their id)."""

    ACCOUNT = "ACCOUNT"
    ACCOUNT_USER = "ACCOUNT_USER"


def compact_json(text: str) -> str:
    """The value as stored: its compact JSON text; KT-CT-8413 when it is not JSON or too large."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise MetadataInvalid("The value is not a valid JSON string.") from None
    compact = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    if len(compact) > VALUE_LENGTH:
        raise MetadataInvalid(f"The value's JSON may be at most {VALUE_LENGTH} characters long.")
    return compact


class Metadata(Aggregate):
    """All metadata of one linked object, at an id derived from its type and identifier."""

    @staticmethod
    def id_for(linked_object: LinkedObject, identifier: str) -> UUID:
        return uuid5(_OBJECTS, f"{linked_object.value}:{identifier}")

    @classmethod
    def open(cls, linked_object: LinkedObject, identifier: str) -> Metadata:
        return cls._create(
            cls.Opened, id=cls.id_for(linked_object, identifier), linked_object=linked_object, identifier=identifier
        )

    class Opened(Aggregate.Created):
        linked_object: LinkedObject
        identifier: str

    @event(Opened)
    def __init__(self, linked_object: LinkedObject, identifier: str) -> None:
        self.linked_object = linked_object
        self.identifier = identifier
        self.values: Mapping[str, str] = {}

    def set(self, key: str, value: str, set_by: str, at: datetime) -> str:
        """Sets `key` to the JSON text `value` (a new key or a new value for it); answers the stored value."""
        if not KEY.fullmatch(key):
            raise MetadataInvalid(
                "The key must start with a letter and hold at most 100 letters, digits, '_', '-', '.' or ':'."
            )
        self._set(key=key, value=compact_json(value), set_by=set_by, at=at)
        return self.values[key]

    class MetadataSet(Aggregate.Event):
        key: str
        value: str
        set_by: str
        at: datetime

    @event(MetadataSet)
    def _set(self, key: str, value: str, set_by: str, at: datetime) -> None:
        self.values = {**self.values, key: value}
