"""Move a named customer into the viewer's property and the viewer out: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.mutation import pending_mutation
from api.supply.inputs import ForceMoveInInput
from api.supply.types import ForceMoveIn


@strawberry.type
class ForceMoveInMutation:
    force_move_in = pending_mutation(
        args={"input": ForceMoveInInput},
        payload=ForceMoveIn | None,
        errors=(),
        auth=False,
        description="Move in a named customer into the viewer's property, for the viewer to be forced out of the property.",
        deprecation_reason="The 'forceMoveIn' field is deprecated. Please use the `moveOut` mutation instead.",
    )
