"""Install a meter on an unmetered property: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.mutation import pending_mutation
from api.supply.inputs import InstallMeterInputType
from api.supply.types import InstallMeter
from domain.supply.errors import MeterInstallationFailed, MeterValidationFailed


@strawberry.type
class InstallMeterMutation:
    install_meter = pending_mutation(
        args={"input": InstallMeterInputType},
        payload=InstallMeter | None,
        errors=(
            MeterValidationFailed,
            MeterInstallationFailed,
        ),
        auth=True,
        description="Install meter on an unmetered property.",
    )
