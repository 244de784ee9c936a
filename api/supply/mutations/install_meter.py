"""Install a meter on an unmetered property: the meter and its opening reading in one decision.

Staff and organisations fit meters at any property; an account user at a home their account occupies
(on the installation day or today). Any other property is answered as one that cannot be fitted
(KT-GB-11003), as an unknown one is.
"""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.supply.acting import acting_for
from api.supply.inputs import InstallMeterInputType
from api.supply.queries.meters import WaterMeterType
from api.supply.types import InstallMeter
from domain.supply import commands
from domain.supply.errors import MeterInstallationFailed, MeterValidationFailed
from domain.supply.water_meter import MeterCapability
from projections.supply.water_meters import meter_row


@strawberry.type
class InstallMeterMutation:
    @kraken_mutation(
        errors=(MeterValidationFailed, MeterInstallationFailed),
        auth=True,
        invalid=MeterValidationFailed,
        description="Install meter on an unmetered property.",
    )
    async def install_meter(
        self, info: strawberry.Info[RequestContext, None], input: InstallMeterInputType
    ) -> InstallMeter | None:
        command = commands.InstallMeter(
            property_id=str(input.property_id),
            serial_number=input.serial_number,
            installation_date=input.installation_date,
            initial_reading=input.initial_reading,
            installed_by=info.context.acting.actor,
            acting_for=acting_for(info),
            location=input.location or None,
            number_of_digits=input.number_of_digits if isinstance(input.number_of_digits, int) else None,
            capability_type=MeterCapability(input.capability_type) if input.capability_type else None,
            meter_point_reference=input.meter_point_reference or None,
        )
        meter = await info.context.call(info.context.contexts.supply.install_meter, command)
        return InstallMeter(meter=WaterMeterType.of(meter_row(meter)))
