"""sendPreSignedTokenEmail: email a registered user a pre-signed key to log in with."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.identity.inputs import SendOneTimeLoginEmailInput
from api.identity.types import SendOneTimeLoginEmail
from api.mutation import kraken_mutation
from domain.identity import commands
from domain.shared.catalogue import EmailInvalid, TooManyRequests


@strawberry.type
class SendPreSignedTokenEmailMutation:
    @kraken_mutation(
        errors=(EmailInvalid, TooManyRequests),
        auth=False,
        invalid=EmailInvalid,
        description="Send a pre-signed token email to log in to consumer site.",
    )
    async def send_pre_signed_token_email(
        self, info: strawberry.Info[RequestContext, None], input: SendOneTimeLoginEmailInput
    ) -> SendOneTimeLoginEmail | None:
        command = commands.SendPreSignedTokenEmail(
            client=info.context.client, email=input.email, scope=input.scope.value
        )
        # The key's Issued event is the outbox: the relay hands it to the identity worker, which
        # sends the email and retries until the mail server takes it.
        await info.context.call(info.context.contexts.identity.send_pre_signed_token_email, command)
        # The same answer whether or not the email is registered, so that it reveals nothing.
        return SendOneTimeLoginEmail(status="SENT")
