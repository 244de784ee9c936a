"""invalidatePreSignedToken: make a pre-signed key unusable."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.identity.inputs import InvalidatePreSignedTokenInput
from api.identity.types import ExpiringTokenScope, InvalidatePreSignedToken, PreSignedToken
from api.mutation import kraken_mutation
from domain.identity import commands
from domain.identity.errors import PreSignedTokenAccessDenied


@strawberry.type
class InvalidatePreSignedTokenMutation:
    @kraken_mutation(
        errors=(PreSignedTokenAccessDenied,),
        auth=False,
        # The seed's code for a key that is unknown: an over-long key names none.
        invalid=PreSignedTokenAccessDenied,
        description="Invalidate a previously-issued pre-signed token.",
    )
    async def invalidate_pre_signed_token(
        self, info: strawberry.Info[RequestContext, None], input: InvalidatePreSignedTokenInput
    ) -> InvalidatePreSignedToken | None:
        command = commands.InvalidatePreSignedToken(token=input.token)
        scope = await info.context.call(info.context.contexts.identity.invalidate_pre_signed_token, command)
        return InvalidatePreSignedToken(
            token=PreSignedToken(key=input.token, scope=ExpiringTokenScope(scope), is_valid=False)
        )
