"""Integer ids of accounts entities that Kraken names with a GraphQL Int: feedback requests, form submissions."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from domain.shared.int_ids import new_number as new_number

_ENTITIES = uuid5(NAMESPACE_URL, "https://kraken-es/accounts/entity/")


def numbered_id(kind: str, number: int) -> UUID:
    """Where the entity numbered `number` lives (see domain/shared/int_ids.py)."""
    return uuid5(_ENTITIES, f"{kind}:{number}")
