"""Update the type of a property: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import UpdatePropertyTypeInput
from api.accounts.types import UpdatePropertyType
from api.mutation import pending_mutation
from domain.accounts.errors import PropertyTypeInvalid


@strawberry.type
class UpdatePropertyTypeMutation:
    update_property_type = pending_mutation(
        args={"input": UpdatePropertyTypeInput},
        payload=UpdatePropertyType | None,
        errors=(PropertyTypeInvalid,),
        auth=False,
        description="Update the property type of a property.",
    )
