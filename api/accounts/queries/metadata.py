"""`metadata(linkedObjectType, identifier)` and `metadataForKey(...)`: an object's metadata, for whoever
may set it (updateMetadata's rule); anyone else is refused as unauthorised (KT-CT-1111)."""

from __future__ import annotations

import strawberry

from api.accounts.types import LinkedObjectType
from api.context import QUERY_REFUSALS
from api.errors import raised_as
from api.shared.metadata import check_metadata_access, metadata_of
from api.shared.types import Metadata
from domain.accounts.errors import MetadataAccessDenied
from domain.accounts.metadata import LinkedObject
from domain.shared.catalogue import Unauthorized


async def metadata(
    info: strawberry.Info, linked_object_type: LinkedObjectType | None, identifier: str
) -> list[Metadata]:
    # Kraken's argument is optional; its example identifier is an account number.
    linked_object = LinkedObject(linked_object_type.value) if linked_object_type else LinkedObject.ACCOUNT
    with raised_as({**QUERY_REFUSALS, MetadataAccessDenied: Unauthorized}):
        await info.context.authenticate()
        await check_metadata_access(info, linked_object, identifier)
    return [Metadata.of(entry) for entry in await metadata_of(info, linked_object, identifier)]


async def metadata_for_key(
    info: strawberry.Info, linked_object_type: LinkedObjectType | None, identifier: str, key: str
) -> Metadata | None:
    return next((entry for entry in await metadata(info, linked_object_type, identifier) if entry.key == key), None)
