"""Exchange a property's meter: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.mutation import pending_mutation
from api.supply.inputs import ExchangeMeterInputType
from api.supply.types import ExchangeMeter
from domain.supply.errors import MeterExchangeFailed, MeterValidationFailed


@strawberry.type
class ExchangeMeterMutation:
    exchange_meter = pending_mutation(
        args={"input": ExchangeMeterInputType},
        payload=ExchangeMeter | None,
        errors=(MeterValidationFailed, MeterExchangeFailed),
        auth=True,
        description="Exchange meter for a property.",
    )
