"""Update metadata on an object: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import MetadataInput
from api.accounts.types import UpdateMetadata
from api.mutation import pending_mutation
from domain.accounts.errors import MetadataAccessDenied, MetadataInvalid


@strawberry.type
class UpdateMetadataMutation:
    update_metadata = pending_mutation(
        args={"input": MetadataInput},
        payload=UpdateMetadata | None,
        errors=(MetadataAccessDenied, MetadataInvalid),
        auth=True,
        description="Update metadata on an object.",
    )
