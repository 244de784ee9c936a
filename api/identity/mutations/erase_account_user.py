"""eraseAccountUser: support staff erase an account user's personal data (README, "Erasure").

Not in Kraken's public schema. It takes a staff token (`kraken staff token <email>`) and nothing else:
an account user's or an organisation's token is refused as unauthorised (KT-CT-1111). The erasure's
event names the staff member as its actor, so `kraken audit` shows who erased whom, and when.
"""

from __future__ import annotations

from uuid import UUID

import strawberry

from api.context import RequestContext
from api.identity.inputs import EraseAccountUserInput
from api.identity.types import EraseAccountUser
from api.mutation import kraken_mutation
from domain.identity import commands
from domain.identity.errors import ErasureInputInvalid, ErasureUserNotFound


@strawberry.type
class EraseAccountUserMutation:
    @kraken_mutation(
        errors=(ErasureUserNotFound, ErasureInputInvalid),
        auth=True,
        staff=True,
        invalid=ErasureInputInvalid,
        description=(
            "Erase an account user's personal data: their data key is destroyed, so their details read as "
            "erased everywhere, and every token they hold is revoked. Support staff only; idempotent."
        ),
    )
    async def erase_account_user(
        self, info: strawberry.Info[RequestContext, None], input: EraseAccountUserInput
    ) -> EraseAccountUser | None:
        try:
            user_id = UUID(str(input.user_id))
        except ValueError:
            raise ErasureUserNotFound("The userId is not an account user's id.") from None
        command = commands.EraseUser(user_id=user_id, reason=input.reason or "")
        erasure = await info.context.call(info.context.contexts.identity.erase_user, command)
        return EraseAccountUser(
            user_id=strawberry.ID(str(erasure.user_id)),
            erased_at=erasure.erased_at,
            already_erased=erasure.already_erased,
        )
