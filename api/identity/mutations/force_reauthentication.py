"""forceReauthentication: revoke every Kraken Token and refresh token issued to the viewer so far."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.identity.inputs import ForceReauthenticationInput
from api.identity.types import ForceReauthentication
from api.mutation import kraken_mutation
from domain.identity import commands


@strawberry.type
class ForceReauthenticationMutation:
    @kraken_mutation(
        errors=(),
        auth=True,
        description="Force users of Kraken Tokens and refresh tokens issued to the viewer to reauthenticate. Calling this mutation will cause all Kraken Tokens and refresh tokens issued to the authenticated viewer before the mutation was called to become invalid.",
    )
    async def force_reauthentication(
        self, info: strawberry.Info[RequestContext, None], input: ForceReauthenticationInput
    ) -> ForceReauthentication | None:
        viewer = info.context.viewer()
        command = commands.ForceReauthentication(user_id=viewer.id, include_third_parties=input.include_third_parties)
        effective_at = await info.context.call(info.context.contexts.identity.force_reauthentication, command)
        return ForceReauthentication(tokens_invalidated=True, effective_at=effective_at)
