"""Switch an account to a quoted product from a date: made at once for today, by the scheduler on a later day."""

from __future__ import annotations

from uuid import UUID

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.supply.inputs import InitiateProductSwitchInput
from api.supply.types import InitiateProductSwitch
from domain.identity.user import User
from domain.shared.catalogue import AccountAccessDenied
from domain.supply import commands
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
    @kraken_mutation(
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
        # Another customer's account is refused with the mutation's own authorization code.
        codes={AccountAccessDenied: ProductSwitchAccessDenied},
        invalid=QuotedProductNotSelected,
        description="Do a product switch for a user.",
    )
    async def initiate_product_switch(
        self, info: strawberry.Info[RequestContext, None], input: InitiateProductSwitchInput
    ) -> InitiateProductSwitch | None:
        number = info.context.account_number(input.account_number)
        command = commands.InitiateProductSwitch(
            account_number=number,
            quoted_product_id=str(input.quoted_product_id),
            switch_date=input.switch_date,
            suppress_communications=input.suppress_communications is not False,
            notify_email=await _recipient(info, number, input.user_id or None),
        )
        switch = await info.context.call(info.context.contexts.supply.initiate_product_switch, command)
        return InitiateProductSwitch(product_code=switch.product_code, switch_date=switch.switch_date)


async def _recipient(
    info: strawberry.Info[RequestContext, None], account_number: str, user_id: str | None
) -> str | None:
    """The email of the user the switch is for: the viewer, or the account user an organisation names (KT-CT-4924
    for anyone else)."""
    viewer = info.context.acting.viewer
    if user_id is None:
        return viewer.email if isinstance(viewer, User) else None
    if isinstance(viewer, User):
        if str(viewer.id) != user_id:
            raise ProductSwitchAccessDenied("A user may switch products only for themself.")
        return viewer.email
    try:
        named = await info.context.call(info.context.contexts.identity.find, UUID(user_id))
    except ValueError:
        named = None
    if not isinstance(named, User) or not named.belongs_to(account_number):
        raise ProductSwitchAccessDenied(f"User {user_id} is not a user of account {account_number}.")
    return named.email
