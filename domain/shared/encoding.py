"""How events are stored: plain JSON through msgspec, typed back from the event's annotations.

Chosen before the first stored event and kept (DESIGN.md §3): dates, datetimes, UUIDs, enums and
Decimals come back as their real types without tagged envelopes, and encoding is ~3x faster than
eventsourcing's default JSONTranscoder. Cipher and compressor still apply, in the library's order.
"""

from __future__ import annotations

from functools import cache
from typing import Any, cast

import msgspec
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, MapperDeserialisationError, StoredEvent
from eventsourcing.utils import get_topic, resolve_topic

from domain.shared.actor import SYSTEM, current_actor
from domain.shared.personal_data import SEALED, PersonalKeys, declared, seal, subject_of, unseal

_encoder = msgspec.json.Encoder(decimal_format="string")
# Stored beside the event's own fields, never part of its class: who acted is metadata, not a fact.
ACTOR = "_actor"


@cache
def _event_class(topic: str) -> type[Any]:
    return cast(type[Any], resolve_topic(topic))


class MsgspecMapper(Mapper[Any]):
    """Maps domain events to stored events and back; selected with MAPPER_TOPIC.

    With a key table (`personal_keys`, handed over by the composition root) the fields an event
    class declares personal are sealed under their subject's key (domain/shared/personal_data.py).
    """

    personal_keys: PersonalKeys | None = None

    def to_stored_event(self, domain_event: DomainEventProtocol[Any]) -> StoredEvent:
        state = dict(vars(domain_event))
        originator_id = state.pop("originator_id")
        originator_version = state.pop("originator_version")
        class_version = getattr(type(domain_event), "class_version", 1)
        if class_version > 1:
            state["class_version"] = class_version
        state.pop("actor", None)
        state[ACTOR] = current_actor()
        declaration = declared(type(domain_event))
        if declaration is not None and self.personal_keys is not None:
            subject = subject_of(state, declaration, originator_id)
            if subject is not None:
                seal(state, declaration, subject, self.personal_keys)
        data = _encoder.encode(state)
        if self.compressor:
            data = self.compressor.compress(data)
        if self.cipher:
            data = self.cipher.encrypt(data)
        return StoredEvent(
            originator_id=originator_id,
            originator_version=originator_version,
            topic=get_topic(type(domain_event)),
            state=data,
        )

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[Any]:
        cls = _event_class(stored_event.topic)
        data = stored_event.state
        try:
            if self.cipher:
                data = self.cipher.decrypt(data)
            if self.compressor:
                data = self.compressor.decompress(data)
            state: dict[str, Any] = msgspec.json.decode(data)
        except Exception as exc:
            raise MapperDeserialisationError(
                f"Failed to deserialise {stored_event.topic} {stored_event.originator_id}"
                f"@{stored_event.originator_version}: {exc}"
            ) from exc
        actor = state.pop(ACTOR, SYSTEM)
        if SEALED in state:
            declaration = declared(cls)
            subject = subject_of(state, declaration, stored_event.originator_id) if declaration else None
            try:
                unseal(state, declaration, subject or str(stored_event.originator_id), self.personal_keys)
            except Exception as exc:
                raise MapperDeserialisationError(
                    f"Failed to unseal {stored_event.topic} {stored_event.originator_id}"
                    f"@{stored_event.originator_version}: {exc}"
                ) from exc
        state["originator_id"] = stored_event.originator_id
        state["originator_version"] = stored_event.originator_version
        class_version = getattr(cls, "class_version", 1)
        from_version = state.pop("class_version", 1)
        while from_version < class_version:
            getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(state)
            from_version += 1
        domain_event = msgspec.convert(state, type=cls, strict=False)
        object.__setattr__(domain_event, "actor", actor)
        return cast(DomainEventProtocol[Any], domain_event)


def actor_of(domain_event: object) -> str:
    """Who recorded a stored event (events read back from the store carry it)."""
    return str(getattr(domain_event, "actor", SYSTEM))
