"""masqueradeAuthentication: a support staff member's one-time token for a short session as the user."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.bounds import TOKEN, USER_ID
from api.context import RequestContext
from api.identity.types import ErrorType, MasqueradeAuthentication
from api.mutation import kraken_mutation
from domain.identity import commands
from domain.shared.catalogue import InputInvalid, TooManyOperations, TooManyRequests

# One answer for every refusal (unknown, expired, used, another user's, staff deactivated), so that
# the mutation is no oracle for which masquerade tokens or users exist.
_REFUSED = ErrorType(
    field="masqueradeToken",
    messages=["The masquerade token is invalid, has expired, was already used, or is not for this user."],
)


@strawberry.type
class MasqueradeAuthenticationMutation:
    @kraken_mutation(
        # The seed lists no codes: refusals go in the payload's `errors` (ErrorType), as the reference
        # SDL's MasqueradeAuthentication type has it; only request-level codes are raised.
        errors=(TooManyRequests, TooManyOperations),
        auth=False,
        # The seed lists no validation code for it: Kraken's generic one.
        invalid=InputInvalid,
        description="Provide a temporary token to get an auth token. This is intended to allow support users to view customer data through the brand interface.",
    )
    async def masquerade_authentication(
        self,
        info: strawberry.Info[RequestContext, None],
        masquerade_token: Annotated[str, strawberry.argument(metadata=TOKEN)],
        user_id: Annotated[str, strawberry.argument(metadata=USER_ID)],
    ) -> MasqueradeAuthentication | None:
        command = commands.MasqueradeAuthentication(
            client=info.context.client, masquerade_token=masquerade_token, user_id=user_id
        )
        issued = await info.context.call(info.context.contexts.identity.masquerade_authentication, command)
        if issued is None:
            return MasqueradeAuthentication(token=None, errors=[_REFUSED])
        return MasqueradeAuthentication(token=issued.token, errors=[])
