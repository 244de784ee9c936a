"""Move a named customer into the viewer's property, forcing the viewer's account out on that date."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.shared.types import AccountType
from api.supply.inputs import ForceMoveInInput
from api.supply.types import ForceMoveIn
from domain.shared.catalogue import AccountAccessDenied
from domain.supply import commands
from domain.supply.errors import MoveOutDataInvalid


@strawberry.type
class ForceMoveInMutation:
    @kraken_mutation(
        # The seed lists no codes at all; invalid input is answered as moveOut answers it.
        errors=(MoveOutDataInvalid,),
        auth=True,
        codes={AccountAccessDenied: MoveOutDataInvalid},
        invalid=MoveOutDataInvalid,
        description="Move in a named customer into the viewer's property, for the viewer to be forced out of the property.",
        deprecation_reason="The 'forceMoveIn' field is deprecated. Please use the `moveOut` mutation instead.",
    )
    async def force_move_in(
        self, info: strawberry.Info[RequestContext, None], input: ForceMoveInInput
    ) -> ForceMoveIn | None:
        supply = info.context.contexts.supply
        command = commands.ForceMoveIn(
            account_number=info.context.account_number(input.account_number),
            property_id=str(input.property_id),
            move_in_date=input.move_in_date,
            given_name=input.given_name,
            family_name=input.family_name,
            email=input.email or "",
            mobile=input.mobile or "",
            moved_by=info.context.acting.actor,
        )
        number = await info.context.call(supply.force_move_in, command)
        account = await info.context.call(supply.accounts.account, number)
        return ForceMoveIn(account=AccountType.changed(account) if account is not None else None)
