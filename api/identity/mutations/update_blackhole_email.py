"""updateBlackholeEmail: a user replaces their placeholder (blackhole) email."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.identity.inputs import UpdateBlackholeEmailInput
from api.identity.types import BlackholeEmailAccountType, BlackholeEmailAccountUserType, UpdateBlackholeEmail
from api.mutation import kraken_mutation
from domain.identity import commands
from domain.identity.errors import (
    BlackholeEmailUpdateInvalid,
    PasswordResetEmailNotSent,
    UserAlreadyHasEmail,
    UserEmailAlreadyInUse,
)
from domain.identity.profile_commands import VERIFIED_SCOPE


@strawberry.type
class UpdateBlackholeEmailMutation:
    @kraken_mutation(
        errors=(
            UserAlreadyHasEmail,
            BlackholeEmailUpdateInvalid,
            PasswordResetEmailNotSent,
        ),
        auth=True,
        # An address another user holds is, to this journey, one it cannot register.
        codes={UserEmailAlreadyInUse: BlackholeEmailUpdateInvalid},
        invalid=BlackholeEmailUpdateInvalid,
        scopes=(VERIFIED_SCOPE,),
        description="Update the email address of an account user that currently has a blackhole email.",
    )
    async def update_blackhole_email(
        self, info: strawberry.Info[RequestContext, None], input: UpdateBlackholeEmailInput
    ) -> UpdateBlackholeEmail | None:
        viewer = info.context.viewer()
        command = commands.UpdateBlackholeEmail(client=info.context.client, user_id=viewer.id, email=input.email)
        user = await info.context.call(info.context.contexts.identity.update_blackhole_email, command)
        return UpdateBlackholeEmail(
            blackhole_email_account_user=BlackholeEmailAccountUserType.of(user),
            # Billing emails belong to the accounts context, which this mutation does not change.
            blackhole_email_account=BlackholeEmailAccountType(number=user.account_numbers[0])
            if user.account_numbers
            else None,
        )
