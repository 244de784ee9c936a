"""Personal data in events, encrypted field by field under a key of the person it is about.

An event class that carries a person's data declares which of its fields are personal and which
field names the person (the subject: an account user's id) with `personal(...)`. At encode time
`domain/shared/encoding.py` seals those fields, each under the subject's own data key (AES-GCM, the
field's name as associated data), and notes the sealed fields beside the event's own; the rest of
the event, and then the whole event, stay as before under the store's cipher. Erasing the person
destroys their key (crypto-shredding: the store is append-only, so the data is not deleted but made
unreadable): every sealed field then decodes to its placeholder, and the events still load, so
aggregates, the audit trail and read-model rebuilds keep working.

Placeholders follow the field's type: ERASED for text, None for an optional value (a date of birth),
an empty tuple for a tuple. A field whose type admits none of them cannot be declared personal.

Events written before a class declared its fields carry them unsealed, under the store's cipher only;
they stay readable, and erasing such a person cannot blank them (README, "Erasure").
"""

from __future__ import annotations

import base64
import os
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

import msgspec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

ERASED = "[erased]"
# Beside an event's own fields in its stored state: the fields sealed under the subject's key.
SEALED = "_sealed"
_NONCE = 12
# How an event names an account user who acted (e.g. HouseMove.Recorded.moved_by).
USER_ACTOR = "user:"
_encoder = msgspec.json.Encoder(decimal_format="string")


class PersonalKeys(Protocol):
    """Each subject's data key: made on first use, unusable for ever once destroyed."""

    def key_for_writing(self, subject: str) -> AESGCM | None:
        """The subject's key, made now if they have none; None once it is destroyed."""

    def key_for_reading(self, subject: str) -> AESGCM | None:
        """The subject's key; None once it is destroyed (or if none was ever made)."""


class PersonalKeysMissing(RuntimeError):
    """An event sealed under a person's key is read by a mapper that was given no key table."""


@dataclass(frozen=True, slots=True)
class Personal:
    """What an event class declares: the field naming the subject, and each personal field's placeholder."""

    subject: str | Callable[[Mapping[str, Any]], Any]
    placeholders: Mapping[str, Any]


def personal(
    event_class: type[Any], *fields: str, subject: str | Callable[[Mapping[str, Any]], Any] = "originator_id"
) -> None:
    """Declare `fields` of `event_class` personal data of the account user whose id is in `subject`
    (a field's name, or a function of the event's state for an event whose subject depends on it).

    Declared once, beside the class; a field without a placeholder its type admits is refused here,
    at import, rather than when a person is erased.
    """
    hints = typing.get_type_hints(event_class)
    if isinstance(subject, str) and subject not in hints:
        raise TypeError(f"{event_class.__qualname__} has no field {subject!r} naming the subject")
    placeholders = {}
    for name in fields:
        if name not in hints:
            raise TypeError(f"{event_class.__qualname__} has no field {name!r}")
        placeholders[name] = placeholder_for(hints[name], f"{event_class.__qualname__}.{name}")
    event_class.__personal__ = Personal(subject, placeholders)


def declared(event_class: type[Any]) -> Personal | None:
    """The class's own declaration (never a base class's: each event says what it carries)."""
    found = vars(event_class).get("__personal__")
    return found if isinstance(found, Personal) else None


def placeholder_for(annotation: Any, name: str) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType) and type(None) in typing.get_args(annotation):
        return None
    if annotation is str:
        return ERASED
    if annotation is tuple or origin is tuple:
        return ()
    raise TypeError(f"{name}: no placeholder for {annotation!r}; make it optional or text")


def subject_of(state: Mapping[str, Any], declaration: Personal, originator_id: Any) -> str | None:
    """The account user the event's personal fields belong to: an id, or an actor such as "user:<id>".

    None when the field names no account user (an organisation or an operator acted): the fields
    then stay as they are, under the store's cipher only.
    """
    if callable(declaration.subject):
        value = declaration.subject(state)
    else:
        value = originator_id if declaration.subject == "originator_id" else state[declaration.subject]
    if isinstance(value, UUID):
        return str(value)
    text = str(value or "").removeprefix(USER_ACTOR)
    try:
        return str(UUID(text))
    except ValueError:
        return None


def seal(state: dict[str, Any], declaration: Personal, subject: str, keys: PersonalKeys) -> None:
    """Replace the declared fields of an event's state by their ciphertexts under the subject's key.

    A subject already erased gets placeholders instead: nothing personal is written after erasure.
    """
    key = keys.key_for_writing(subject)
    if key is None:
        for name, placeholder in declaration.placeholders.items():
            state[name] = placeholder
        return
    sealed = []
    for name in declaration.placeholders:
        nonce = os.urandom(_NONCE)
        ciphertext = key.encrypt(nonce, _encoder.encode(state[name]), name.encode())
        state[name] = base64.b64encode(nonce + ciphertext).decode()
        sealed.append(name)
    state[SEALED] = sealed


def unseal(state: dict[str, Any], declaration: Personal | None, subject: str, keys: PersonalKeys | None) -> None:
    """The sealed fields of a stored state back in clear; their placeholders once the key is destroyed."""
    names: list[str] = state.pop(SEALED)
    if keys is None:
        raise PersonalKeysMissing("This event holds personal data sealed under a key table it was not given.")
    key = keys.key_for_reading(subject)
    for name in names:
        if key is None:
            state[name] = _placeholder(declaration, name)
            continue
        raw = base64.b64decode(state[name])
        state[name] = msgspec.json.decode(key.decrypt(raw[:_NONCE], raw[_NONCE:], name.encode()))


def _placeholder(declaration: Personal | None, name: str) -> Any:
    # A field sealed by an earlier declaration still has its placeholder; text if the class forgot it.
    if declaration is not None and name in declaration.placeholders:
        return declaration.placeholders[name]
    return ERASED
