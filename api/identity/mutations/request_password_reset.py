"""requestPasswordReset: email a registered user a link to reset their password."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.identity.inputs import RequestPasswordResetInput
from api.identity.types import RequestPasswordResetOutputType
from api.mutation import kraken_mutation
from domain.identity import commands
from domain.identity.errors import PasswordResetEmailNotSent, PasswordResetRequestInvalid
from domain.shared.catalogue import TooManyOperations, TooManyRequests


@strawberry.type
class RequestPasswordResetMutation:
    @kraken_mutation(
        errors=(
            PasswordResetEmailNotSent,
            PasswordResetRequestInvalid,
            TooManyRequests,
            TooManyOperations,
        ),
        auth=False,
        invalid=PasswordResetRequestInvalid,
        description="Provide the email address of an account user to send them an email with instructions on how to reset their password.",
    )
    async def request_password_reset(
        self, info: strawberry.Info[RequestContext, None], input: RequestPasswordResetInput
    ) -> RequestPasswordResetOutputType | None:
        command = commands.RequestPasswordReset(client=info.context.client, email=input.email)
        # The reset's Requested event is the outbox: the relay hands it to the passwords worker,
        # which emails the link and retries until the mail server takes it.
        await info.context.call(info.context.contexts.identity.request_password_reset, command)
        # The same answer whether or not the email is registered, so that it reveals nothing.
        return RequestPasswordResetOutputType(email=input.email)
