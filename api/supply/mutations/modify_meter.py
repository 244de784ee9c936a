"""Modify a meter's details: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.mutation import pending_mutation
from api.supply.inputs import ModifyMeterInput
from api.supply.types import ModifyMeter
from domain.supply.errors import MeterModificationFailed, MeterValidationFailed, WaterMeterNotFound


@strawberry.type
class ModifyMeterMutation:
    modify_meter = pending_mutation(
        args={"input": ModifyMeterInput},
        payload=ModifyMeter | None,
        errors=(
            MeterValidationFailed,
            MeterModificationFailed,
            WaterMeterNotFound,
        ),
        auth=True,
        description="Modify meter details",
    )
