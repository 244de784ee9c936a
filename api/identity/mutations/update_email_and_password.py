"""updateEmailAndPassword: the viewer, knowing the current password, moves to a new email and password."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.identity.input_paths import problems_at
from api.identity.inputs import UpdateEmailAndPasswordInput
from api.identity.types import UpdateEmailAndPassword
from api.mutation import kraken_mutation
from domain.identity import commands
from domain.identity.errors import UserDetailsInvalid, UserEmailAlreadyInUse
from domain.shared.catalogue import PasswordInvalid, TooManyOperations, TooManyRequests

# The input field each of the command's values comes from.
_INPUT_PATHS = {
    "current_password": ("input", "currentPassword"),
    "email": ("input", "email"),
    "password": ("input", "password"),
}


@strawberry.type
class UpdateEmailAndPasswordMutation:
    @kraken_mutation(
        errors=(
            UserDetailsInvalid,
            UserEmailAlreadyInUse,
            PasswordInvalid,
            TooManyRequests,
            TooManyOperations,
        ),
        auth=True,
        # Its generic "Invalid data." rather than 5450 ("Password is invalid."), which would be wrong for the email.
        invalid=UserDetailsInvalid,
        description="Update the email address and password of an account user.",
    )
    async def update_email_and_password(
        self, info: strawberry.Info[RequestContext, None], input: UpdateEmailAndPasswordInput
    ) -> UpdateEmailAndPassword | None:
        viewer = info.context.viewer()
        command = commands.UpdateEmailAndPassword(
            user_id=viewer.id,
            client=info.context.client,
            current_password=input.current_password,
            email=input.email,
            password=input.password,
        )
        with problems_at(_INPUT_PATHS):
            await info.context.call(info.context.contexts.identity.update_email_and_password, command)
        return UpdateEmailAndPassword(success=True)
