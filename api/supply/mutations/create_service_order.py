"""Apply for a water meter to be fitted at a property: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.mutation import pending_mutation
from api.supply.inputs import CreateServiceOrderInput
from api.supply.types import CreateServiceOrder


@strawberry.type
class CreateServiceOrderMutation:
    create_service_order = pending_mutation(
        args={"input": CreateServiceOrderInput},
        payload=CreateServiceOrder | None,
        errors=(),
        auth=False,
        description="Create a service order for a property: an application for a water meter to be fitted.",
    )
