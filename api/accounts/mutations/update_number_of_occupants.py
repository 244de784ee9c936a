"""Update the number of occupants of a property: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import UpdateNumberOfOccupantsInput
from api.accounts.types import UpdateNumberOfOccupants
from api.mutation import pending_mutation
from domain.accounts.errors import OccupantsNumberInvalid


@strawberry.type
class UpdateNumberOfOccupantsMutation:
    update_number_of_occupants = pending_mutation(
        args={"input": UpdateNumberOfOccupantsInput},
        payload=UpdateNumberOfOccupants | None,
        errors=(OccupantsNumberInvalid,),
        auth=False,
        description="Update number of occupants for a property.",
    )
