"""Submit a meter reading: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.mutation import pending_mutation
from api.supply.inputs import SubmitMeterReadingInputType
from api.supply.types import SubmitMeterReading
from domain.supply.errors import MeterReadingAccessDenied, MeterReadingHeld, MeterReadingInputInvalid


@strawberry.type
class SubmitMeterReadingMutation:
    submit_meter_reading = pending_mutation(
        args={"input": SubmitMeterReadingInputType},
        payload=SubmitMeterReading | None,
        errors=(
            MeterReadingInputInvalid,
            MeterReadingHeld,
            MeterReadingAccessDenied,
        ),
        auth=True,
        description="Customer can submit a meter reading.",
    )
