"""Switch a user's product: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.mutation import pending_mutation
from api.supply.inputs import InitiateProductSwitchInput
from api.supply.types import InitiateProductSwitch
from domain.supply.errors import (
    AgreementCreationFailed,
    ProductSwitchAccessDenied,
    ProductSwitchDateOutOfRange,
    QuotedProductNotAcceptable,
    QuotedProductNotSelected,
    SupplyPointNotFound,
    SupplyQuoteNotFound,
)


@strawberry.type
class InitiateProductSwitchMutation:
    initiate_product_switch = pending_mutation(
        args={"input": InitiateProductSwitchInput},
        payload=InitiateProductSwitch | None,
        errors=(
            SupplyQuoteNotFound,
            QuotedProductNotAcceptable,
            ProductSwitchAccessDenied,
            QuotedProductNotSelected,
            SupplyPointNotFound,
            AgreementCreationFailed,
            ProductSwitchDateOutOfRange,
        ),
        auth=True,
        description="Do a product switch for a user.",
    )
