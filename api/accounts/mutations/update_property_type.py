"""Update the type of a property: an occupier of it says what kind of building it is."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import UpdatePropertyTypeInput
from api.accounts.types import UpdatePropertyType
from api.context import RequestContext
from api.mutation import kraken_mutation
from domain.accounts import commands
from domain.accounts.errors import PropertyTypeInvalid
from domain.shared.catalogue import AccountAccessDenied


@strawberry.type
class UpdatePropertyTypeMutation:
    @kraken_mutation(
        errors=(PropertyTypeInvalid,),
        # The seed lists no authorization code, but the mutation acts on an account: a viewer is needed,
        # and another customer's account is answered as a property that is not the account's.
        auth=True,
        codes={AccountAccessDenied: PropertyTypeInvalid},
        invalid=PropertyTypeInvalid,
        description="Update the property type of a property.",
    )
    async def update_property_type(
        self, info: strawberry.Info[RequestContext, None], input: UpdatePropertyTypeInput
    ) -> UpdatePropertyType | None:
        command = commands.UpdatePropertyType(
            account_number=info.context.account_number(input.account_number),
            property_id=str(input.property_id),
            property_type=input.property_type.name,
            declared_by=info.context.acting.actor,
        )
        property_id = await info.context.call(info.context.contexts.accounts.update_property_type, command)
        return UpdatePropertyType(property_id=strawberry.ID(property_id))
