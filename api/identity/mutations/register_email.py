"""registerEmail: a user in the registration journey replaces their placeholder (blackhole) email."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.identity.inputs import RegisterEmailInput
from api.identity.types import BlackholeEmailAccountUserType, RegisterEmail
from api.mutation import kraken_mutation
from domain.identity import commands
from domain.identity.errors import (
    BlackholeEmailUpdateInvalid,
    PasswordResetEmailNotSent,
    RegistrationAccountNotFound,
    UserAlreadyHasEmail,
    UserEmailAlreadyInUse,
)
from domain.identity.profile_commands import VERIFIED_SCOPE


@strawberry.type
class RegisterEmailMutation:
    @kraken_mutation(
        errors=(
            UserAlreadyHasEmail,
            BlackholeEmailUpdateInvalid,
            PasswordResetEmailNotSent,
            RegistrationAccountNotFound,
        ),
        auth=True,
        # An address another user holds is, to this journey, one it cannot register.
        codes={UserEmailAlreadyInUse: BlackholeEmailUpdateInvalid},
        invalid=BlackholeEmailUpdateInvalid,
        scopes=(VERIFIED_SCOPE,),
        description="Registers the email of a user in the registration journey who currently has a placeholder (blackhole) email.",
    )
    async def register_email(
        self, info: strawberry.Info[RequestContext, None], input: RegisterEmailInput
    ) -> RegisterEmail | None:
        viewer = info.context.viewer()
        command = commands.RegisterEmail(
            client=info.context.client, user_id=viewer.id, account_number=input.account_number, email=input.email
        )
        user = await info.context.call(info.context.contexts.identity.register_email, command)
        return RegisterEmail(blackhole_email_account_user=BlackholeEmailAccountUserType.of(user))
