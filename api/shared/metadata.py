"""Metadata as the read model holds it, and who may read or set it: the rows behind Metadata and
AccountUserDetailType.

An account's metadata is identified by its number; an account user's by their id, as `viewer { id }`
answers it. An account user may touch their own accounts' metadata and their own; an organisation any
account's or user's that exists.
"""

from __future__ import annotations

import json
from typing import Any

import strawberry

from api.identity.queries.account_users import user_row
from domain.accounts.errors import MetadataAccessDenied
from domain.accounts.metadata import LinkedObject
from domain.identity.user import User


async def check_metadata_access(info: strawberry.Info, linked_object: LinkedObject, identifier: str) -> None:
    """KT-CT-4323 unless the requester may touch the object's metadata."""
    viewer = info.context.acting.viewer
    if isinstance(viewer, User):
        allowed = (
            viewer.belongs_to(identifier) if linked_object is LinkedObject.ACCOUNT else str(viewer.id) == identifier
        )
    elif linked_object is LinkedObject.ACCOUNT:
        allowed = await info.context.loader(info.context.contexts.read.accounts.accounts).load(identifier) is not None
    else:
        allowed = await user_row(info, identifier) is not None
    if not allowed:
        raise MetadataAccessDenied(f"The viewer may not touch the metadata of {linked_object.value} {identifier}.")


async def metadata_of(info: strawberry.Info, linked_object: LinkedObject, identifier: str) -> list[dict[str, Any]]:
    """The object's entries ({key, value}, the value parsed), by key; every object of one type in a
    document in one query."""
    read = info.context.contexts.read.metadata
    rows: list[dict[str, Any]] = await info.context.loader(read.of_objects, linked_object).load(identifier)
    return [{"key": row["key"], "value": json.loads(row["value"])} for row in rows]


def detail_text(value: Any) -> str:
    """An entry's value as AccountUserDetailType's string: a JSON string as itself, any other value as its JSON."""
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"), ensure_ascii=False)
