"""Exchange a meter: the old meter's final reading and the new meter's opening reading, both on the
exchange day, in one decision. Who may act is as for installMeter; another customer's property is
answered as a meter not fitted there (KT-GB-11002)."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.supply.acting import acting_for
from api.supply.inputs import ExchangeMeterInputType
from api.supply.queries.meters import WaterMeterType
from api.supply.types import ExchangeMeter
from domain.supply import commands
from domain.supply.errors import MeterExchangeFailed, MeterValidationFailed
from domain.supply.water_meter import MeterCapability
from projections.supply.water_meters import meter_row


@strawberry.type
class ExchangeMeterMutation:
    @kraken_mutation(
        errors=(MeterValidationFailed, MeterExchangeFailed),
        auth=True,
        invalid=MeterValidationFailed,
        description="Exchange a meter: the old meter's final reading and the new meter's opening reading.",
    )
    async def exchange_meter(
        self, info: strawberry.Info[RequestContext, None], input: ExchangeMeterInputType
    ) -> ExchangeMeter | None:
        command = commands.ExchangeMeter(
            property_id=str(input.property_id),
            old_serial_number=input.old_meter_serial_number,
            final_reading=input.final_reading,
            new_serial_number=input.new_meter_serial_number,
            initial_reading=input.initial_reading,
            exchange_date=input.exchange_date,
            exchanged_by=info.context.acting.actor,
            acting_for=acting_for(info),
            location=input.location or None,
            number_of_digits=input.number_of_digits if isinstance(input.number_of_digits, int) else None,
            capability_type=MeterCapability(input.capability_type) if input.capability_type else None,
            meter_point_reference=input.meter_point_reference or None,
        )
        meter = await info.context.call(info.context.contexts.supply.exchange_meter, command)
        return ExchangeMeter(meter=WaterMeterType.of(meter_row(meter)))
