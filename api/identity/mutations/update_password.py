"""updatePassword: the viewer, knowing the current password, chooses a new one."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.identity.input_paths import problems_at
from api.identity.inputs import UpdatePasswordInput
from api.identity.types import UpdatePassword, viewer_of
from api.mutation import kraken_mutation
from domain.identity import commands
from domain.shared.catalogue import PasswordInvalid, TooManyOperations, TooManyRequests
from domain.shared.errors import FieldProblem

# The input field each of the command's values comes from.
_INPUT_PATHS = {
    "old_password": ("input", "oldPassword"),
    "new_password": ("input", "newPassword"),
    "new_password_confirmed": ("input", "newPasswordConfirmed"),
}


@strawberry.type
class UpdatePasswordMutation:
    @kraken_mutation(
        errors=(
            PasswordInvalid,
            TooManyRequests,
            TooManyOperations,
        ),
        auth=True,
        invalid=PasswordInvalid,
        description="Update password of the authenticated user",
    )
    async def update_password(
        self, info: strawberry.Info[RequestContext, None], input: UpdatePasswordInput | None = strawberry.UNSET
    ) -> UpdatePassword | None:
        viewer = info.context.viewer()
        if not input:  # null or omitted (the reference SDL makes it optional)
            raise PasswordInvalid(
                "The old and new passwords are required.",
                problems=[FieldProblem("required", "This field is required.", ("input",))],
            )
        command = commands.UpdatePassword(
            user_id=viewer.id,
            client=info.context.client,
            old_password=input.old_password,
            new_password=input.new_password,
            new_password_confirmed=input.new_password_confirmed,
        )
        with problems_at(_INPUT_PATHS):
            user = await info.context.call(info.context.contexts.identity.update_password, command)
        return UpdatePassword(viewer=viewer_of(user))
