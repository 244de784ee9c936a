"""Update metadata on an object: set a key of an account's or an account user's metadata to a JSON value."""

from __future__ import annotations

import json

import strawberry

from api.accounts.inputs import MetadataInput
from api.accounts.types import UpdateMetadata
from api.context import RequestContext
from api.mutation import kraken_mutation
from api.scalars import MalformedJSON
from api.shared.metadata import check_metadata_access
from api.shared.types import Metadata
from domain.accounts import commands
from domain.accounts.errors import MetadataAccessDenied, MetadataInvalid
from domain.accounts.metadata import LinkedObject


@strawberry.type
class UpdateMetadataMutation:
    @kraken_mutation(
        errors=(MetadataAccessDenied, MetadataInvalid),
        auth=True,
        invalid=MetadataInvalid,
        description="Update metadata on an object.",
    )
    async def update_metadata(
        self, info: strawberry.Info[RequestContext, None], input: MetadataInput
    ) -> UpdateMetadata | None:
        linked_object = LinkedObject(input.linked_object_type.value)
        await check_metadata_access(info, linked_object, input.identifier)
        # The domain decides whether the text is JSON (KT-CT-8413 when it is not) and stores it compact.
        text = input.value.text if isinstance(input.value, MalformedJSON) else json.dumps(input.value)
        command = commands.UpdateMetadata(
            linked_object=linked_object,
            identifier=input.identifier,
            key=input.key,
            value=text,
            set_by=info.context.acting.viewer.subject,
        )
        stored = await info.context.call(info.context.contexts.accounts.update_metadata, command)
        return UpdateMetadata(metadata=Metadata(key=input.key, value=json.loads(stored)))
