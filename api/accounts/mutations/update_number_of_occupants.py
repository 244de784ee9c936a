"""Update the number of occupants of a property: the account occupying it today says how many live there."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import UpdateNumberOfOccupantsInput
from api.accounts.types import UpdateNumberOfOccupants
from api.context import RequestContext
from api.mutation import kraken_mutation
from domain.accounts import commands
from domain.accounts.errors import OccupantsNumberInvalid
from domain.shared.catalogue import AccountAccessDenied


@strawberry.type
class UpdateNumberOfOccupantsMutation:
    @kraken_mutation(
        errors=(OccupantsNumberInvalid,),
        # The seed lists no authorization code, but the mutation acts on an account: a viewer is needed,
        # and another customer's account is answered as a property the account does not occupy.
        auth=True,
        codes={AccountAccessDenied: OccupantsNumberInvalid},
        invalid=OccupantsNumberInvalid,
        description="Update number of occupants for a property.",
    )
    async def update_number_of_occupants(
        self, info: strawberry.Info[RequestContext, None], input: UpdateNumberOfOccupantsInput
    ) -> UpdateNumberOfOccupants | None:
        command = commands.UpdateNumberOfOccupants(
            account_number=info.context.account_number(input.account_number),
            property_id=str(input.property_id),
            number_of_occupants=input.number_of_occupants,
            declared_by=info.context.acting.actor,
        )
        property_id = await info.context.call(info.context.contexts.accounts.update_number_of_occupants, command)
        return UpdateNumberOfOccupants(property_id=strawberry.ID(property_id))
