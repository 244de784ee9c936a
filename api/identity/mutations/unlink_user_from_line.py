"""unlinkUserFromLine: unlink the viewer from their LINE user."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.identity.types import LineLinkErrorType, LineUnlinkedResponse, LinkTokenNotFound, UnlinkUserFromLineResponse
from api.mutation import kraken_mutation
from domain.identity import commands


@strawberry.type
class UnlinkUserFromLineMutation:
    @kraken_mutation(
        errors=(),
        auth=True,
        description="Unlink an account user and line together.",
    )
    async def unlink_user_from_line(self, info: strawberry.Info[RequestContext, None]) -> UnlinkUserFromLineResponse:
        viewer = info.context.viewer()
        command = commands.UnlinkUserFromLine(user_id=viewer.id)
        unlinked = await info.context.call(info.context.contexts.identity.unlink_user_from_line, command)
        if not unlinked:
            return LinkTokenNotFound(type=LineLinkErrorType.NO_MATCHING_LINE_LINK)
        return LineUnlinkedResponse(message="Your account is no longer linked to LINE.")
