"""updateUserDetails (deprecated): updateUser, with refusals answered in the payload."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.identity.input_paths import problems_at
from api.identity.inputs import UpdateAccountUserMutationInput
from api.identity.types import ErrorType, UpdateAccountUserMutationPayload
from api.identity.user_details import DETAIL_PATHS, given, update_user_command
from api.mutation import kraken_mutation
from domain.identity import commands
from domain.identity.errors import UserDetailsInvalid, UserEmailAlreadyInUse
from domain.shared.catalogue import InputInvalid


@strawberry.type
class UpdateUserDetailsMutation:
    @kraken_mutation(
        errors=(),
        auth=True,
        # The seed lists no codes for it (it reports refusals by field in `errors`): Kraken's generic one.
        invalid=InputInvalid,
        description="DEPRECATED: Please use updateUser instead Update the account user details of the authenticated user. Only one field can be updated per day. This prevents users from switching accounts to someone else (usually when moving homes) All account changes should be handled by operations or the move out journey. New customers are exempt from this rule for the first 31 days.",
        deprecation_reason="The 'updateUserDetails' field is deprecated. Please use `updateUser` instead.",
    )
    async def update_user_details(
        self, info: strawberry.Info[RequestContext, None], input: UpdateAccountUserMutationInput
    ) -> UpdateAccountUserMutationPayload | None:
        viewer = info.context.viewer()
        command = update_user_command(commands.UpdateUserDetails, viewer.id, input)
        client_mutation_id = given(input.client_mutation_id)
        try:
            with problems_at(DETAIL_PATHS):
                user = await info.context.call(info.context.contexts.identity.update_user_details, command)
        except (UserDetailsInvalid, UserEmailAlreadyInUse) as refused:
            # This older (Relay-style) mutation answers refusals in its payload's `errors`, as
            # field/messages pairs; the seed gives it no error codes of its own.
            fields = [problem.path[-1] for problem in refused.problems] or ["email"]
            errors: list[ErrorType | None] = [ErrorType(field=field, messages=[refused.detail]) for field in fields]
            return UpdateAccountUserMutationPayload(errors=errors, client_mutation_id=client_mutation_id)
        return UpdateAccountUserMutationPayload(
            given_name=user.given_name,
            family_name=user.family_name,
            pronouns=user.pronouns,
            mobile=user.mobile,
            email=user.email,
            date_of_birth=user.date_of_birth,
            landline=user.landline,
            errors=[],
            client_mutation_id=client_mutation_id,
        )
