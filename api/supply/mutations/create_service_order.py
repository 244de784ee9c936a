"""Apply for a water meter to be fitted at a property the account occupies; a second application while
one is open answers the open one.

The seed lists no codes: another customer's account is refused as the gate refuses any account the
viewer may not act on (KT-CT-1111), and a property the account does not occupy today (or that does
not exist, or already has a meter) is invalid input, KT-CT-4321, as are over-long notes.
"""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.supply.inputs import CreateServiceOrderInput
from api.supply.queries.charges import ServiceOrderType
from api.supply.types import CreateServiceOrder
from domain.accounts.property import parse_property_id
from domain.shared.catalogue import AccountAccessDenied, InputInvalid, Unauthorized
from domain.supply import commands


@strawberry.type
class CreateServiceOrderMutation:
    @kraken_mutation(
        errors=(),
        auth=True,
        codes={AccountAccessDenied: Unauthorized},
        invalid=InputInvalid,
        description="Create a service order for a property: an application for a water meter to be fitted.",
    )
    async def create_service_order(
        self, info: strawberry.Info[RequestContext, None], input: CreateServiceOrderInput
    ) -> CreateServiceOrder | None:
        account_number = info.context.account_number(input.account_number)
        property_id = parse_property_id(input.property_id)
        if property_id is None:
            raise InputInvalid(f"Account {account_number} does not occupy property {input.property_id} today.")
        command = commands.CreateServiceOrder(
            account_number=account_number,
            property_id=property_id,
            notes=input.notes or "",
            raised_by=info.context.acting.actor,
        )
        order = await info.context.call(info.context.contexts.supply.create_service_order, command)
        return CreateServiceOrder(service_order=ServiceOrderType.changed(order))
