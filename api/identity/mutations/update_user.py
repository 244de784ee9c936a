"""updateUser: change the viewer's own details (names at most one a day)."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.identity.input_paths import problems_at
from api.identity.inputs import UpdateUserInput
from api.identity.types import UpdateUserMutation as UpdateUserPayload
from api.identity.types import viewer_of
from api.identity.user_details import DETAIL_PATHS, given, update_user_command
from api.mutation import kraken_mutation
from domain.identity import commands
from domain.identity.errors import UserDetailsInvalid, UserEmailAlreadyInUse
from domain.shared.catalogue import Unauthorized


@strawberry.type
class UpdateUserMutation:
    @kraken_mutation(
        errors=(UserDetailsInvalid, UserEmailAlreadyInUse),
        auth=True,
        invalid=UserDetailsInvalid,
        description="Update the account user details of the authenticated user. Only one name field can be updated per day, other fields can be updated freely. This prevents users from switching accounts to someone else (usually when moving homes). All account changes should be handled by operations or the move out journey. New customers are exempt from this rule for the first 31 days.",
    )
    async def update_user(
        self, info: strawberry.Info[RequestContext, None], input: UpdateUserInput
    ) -> UpdateUserPayload | None:
        viewer = info.context.viewer()
        # A user token acts on its own user only (Kraken's userId is for organisation tokens).
        if given(input.user_id) not in (None, str(viewer.id)):
            raise Unauthorized("The viewer may only update their own details.")
        command = update_user_command(commands.UpdateUser, viewer.id, input)
        with problems_at(DETAIL_PATHS):
            user = await info.context.call(info.context.contexts.identity.update_user, command)
        return UpdateUserPayload(viewer=viewer_of(user))
