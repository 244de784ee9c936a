"""Move an account out of a property, optionally into its next one: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.mutation import pending_mutation
from api.supply.inputs import MoveOutInput
from api.supply.types import MoveOut
from domain.supply.errors import MoveOutDataInvalid


@strawberry.type
class MoveOutMutation:
    move_out = pending_mutation(
        args={"input": MoveOutInput},
        payload=MoveOut | None,
        errors=(MoveOutDataInvalid,),
        auth=False,
        description="Trigger a move out of a property for an account.Optionally provide details of the next property to trigger a move within.",
    )
