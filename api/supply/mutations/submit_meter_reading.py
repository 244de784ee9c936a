"""Submit a meter reading: the black digits of a meter on the viewer's account, on a day it was fitted.

An implausible reading is stored as held and then answered KT-CT-6422: the reading is there, with
`isHeld`, for an operator to release or reject.
"""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.supply.inputs import SubmitMeterReadingInputType
from api.supply.queries.meters import ReadingType, cubic_metres
from api.supply.types import SubmitMeterReading
from domain.shared.catalogue import AccountAccessDenied
from domain.supply import commands
from domain.supply.errors import MeterReadingAccessDenied, MeterReadingHeld, MeterReadingInputInvalid
from domain.supply.meter_readings import ReadingStatus


@strawberry.type
class SubmitMeterReadingMutation:
    @kraken_mutation(
        errors=(MeterReadingInputInvalid, MeterReadingHeld, MeterReadingAccessDenied),
        auth=True,
        codes={AccountAccessDenied: MeterReadingAccessDenied},
        invalid=MeterReadingInputInvalid,
        description="Customer can submit a meter reading.",
    )
    async def submit_meter_reading(
        self, info: strawberry.Info[RequestContext, None], input: SubmitMeterReadingInputType
    ) -> SubmitMeterReading | None:
        command = commands.SubmitMeterReading(
            account_number=info.context.account_number(input.account_number),
            serial_number=input.meter_serial_number,
            value=input.reading,
            read_on=input.read_at,
            submitted_by=info.context.acting.actor,
        )
        recorded = await info.context.call(info.context.contexts.supply.submit_meter_reading, command)
        return SubmitMeterReading(
            reading=ReadingType(
                id=strawberry.ID(recorded.id),
                meter_serial_number=recorded.serial_number,
                value_cubic_metres=cubic_metres(recorded.value),
                reading_date=recorded.read_on,
                source=recorded.source.value,
                is_held=recorded.status is ReadingStatus.HELD,
                is_quarantined=recorded.status is ReadingStatus.QUARANTINED,
            )
        )
