"""linkUserToLine: link the viewer to the LINE user a link token was issued for."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.identity.inputs import LinkUserToLineInput
from api.identity.types import (
    AlreadyLinkedError,
    LineLinkErrorType,
    LineLinkRedirectResponse,
    LinkTokenNotFound,
    LinkUserToLineResponse,
)
from api.mutation import kraken_mutation
from domain.identity import commands
from domain.shared.catalogue import InputInvalid


@strawberry.type
class LinkUserToLineMutation:
    @kraken_mutation(
        errors=(),
        auth=True,
        # The seed lists no validation code for it: Kraken's generic one.
        invalid=InputInvalid,
        description="Link an account user and line user together.",
    )
    async def link_user_to_line(
        self, info: strawberry.Info[RequestContext, None], input: LinkUserToLineInput
    ) -> LinkUserToLineResponse:
        viewer = info.context.viewer()
        command = commands.LinkUserToLine(user_id=viewer.id, link_token=input.link_token)
        outcome = await info.context.call(info.context.contexts.identity.link_user_to_line, command)
        if outcome.redirect_url is not None:
            return LineLinkRedirectResponse(redirect_url=outcome.redirect_url)
        if outcome.refusal == "ALREADY_LINKED":
            return AlreadyLinkedError(type=LineLinkErrorType.ALREADY_LINKED)
        return LinkTokenNotFound(type=LineLinkErrorType.NO_MATCHING_LINE_LINK)
