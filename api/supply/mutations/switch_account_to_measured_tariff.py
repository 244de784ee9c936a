"""Switch an account to a measured tariff where possible: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.mutation import pending_mutation
from api.supply.inputs import SwitchAccountToMeasuredTariffInput
from api.supply.types import SwitchAccountToMeasuredTariff


@strawberry.type
class SwitchAccountToMeasuredTariffMutation:
    switch_account_to_measured_tariff = pending_mutation(
        args={"input": SwitchAccountToMeasuredTariffInput},
        payload=SwitchAccountToMeasuredTariff | None,
        errors=(),
        auth=False,
        description="Switch an account to a measured tariff (if possible).",
    )
