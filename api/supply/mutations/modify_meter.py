"""Modify a meter: correct its serial number or installation date, or record where it is sited; one
event per change. Who may act is as for installMeter; another customer's property is answered as
no such meter (KT-GB-11006)."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.supply.acting import acting_for
from api.supply.inputs import ModifyMeterInput
from api.supply.queries.meters import WaterMeterType
from api.supply.types import ModifyMeter
from domain.supply import commands
from domain.supply.errors import MeterModificationFailed, MeterValidationFailed, WaterMeterNotFound
from projections.supply.water_meters import meter_row


@strawberry.type
class ModifyMeterMutation:
    @kraken_mutation(
        errors=(MeterValidationFailed, MeterModificationFailed, WaterMeterNotFound),
        auth=True,
        invalid=MeterValidationFailed,
        description="Modify meter details: its serial number, installation date or location.",
    )
    async def modify_meter(
        self, info: strawberry.Info[RequestContext, None], input: ModifyMeterInput
    ) -> ModifyMeter | None:
        command = commands.ModifyMeter(
            property_id=str(input.property_id),
            serial_number=input.serial_number,
            modified_by=info.context.acting.actor,
            acting_for=acting_for(info),
            new_serial_number=input.new_serial_number or None,
            installation_date=input.installation_date or None,
            location=input.location or None,
        )
        meter = await info.context.call(info.context.contexts.supply.modify_meter, command)
        return ModifyMeter(meter=WaterMeterType.of(meter_row(meter)))
