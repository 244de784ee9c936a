"""Move an account out of a property on a date and, optionally, into its next property."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.shared.types import AccountType
from api.supply.inputs import MoveOutInput
from api.supply.types import MoveOut
from domain.shared.catalogue import AccountAccessDenied
from domain.supply import commands
from domain.supply.errors import MoveOutDataInvalid


@strawberry.type
class MoveOutMutation:
    @kraken_mutation(
        errors=(MoveOutDataInvalid,),
        # The seed lists no authorization code, but the mutation acts on an account: a viewer is needed,
        # and another customer's account is answered as a property the account does not occupy.
        auth=True,
        codes={AccountAccessDenied: MoveOutDataInvalid},
        invalid=MoveOutDataInvalid,
        description=(
            "Trigger a move out of a property for an account."
            "Optionally provide details of the next property to trigger a move within."
        ),
    )
    async def move_out(self, info: strawberry.Info[RequestContext, None], input: MoveOutInput) -> MoveOut | None:
        supply = info.context.contexts.supply
        next_property = None
        if input.new_property:
            next_property = commands.NextProperty(
                address=commands.NewAddress(address=input.new_property.address, postcode=input.new_property.postcode),
                move_in_date=input.new_property.move_in_date,
            )
        command = commands.MoveOut(
            account_number=info.context.account_number(input.account_number),
            property_id=str(input.property_id),
            move_out_date=input.move_out_date,
            new_property=next_property,
            moved_by=info.context.acting.actor,
        )
        number = await info.context.call(supply.move_out, command)
        account = await info.context.call(supply.accounts.account, number)
        return MoveOut(account=AccountType.changed(account) if account is not None else None)
