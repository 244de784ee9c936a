"""The identity context's mutations about logging in: tokens and pre-signed keys."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.identity.inputs import (
    ForceReauthenticationInput,
    InvalidatePreSignedTokenInput,
    ObtainJSONWebTokenInput,
    SendOneTimeLoginEmailInput,
)
from api.identity.types import (
    ExpiringTokenScope,
    ForceReauthentication,
    InvalidatePreSignedToken,
    ObtainKrakenJSONWebToken,
    PreSignedToken,
    SendOneTimeLoginEmail,
)
from api.mutation import kraken_mutation
from api.scalars import GenericScalar
from domain.identity import commands
from domain.identity.errors import (
    PreSignedTokenAccessDenied,
    RefreshTokenExpired,
    RefreshTokenInvalid,
)
from domain.shared.catalogue import (
    EmailInvalid,
    InvalidCredentials,
    TooManyOperations,
    TooManyRequests,
)


@strawberry.type
class IdentityMutations:
    @kraken_mutation(
        errors=(),
        auth=True,
        description="Force users of Kraken Tokens and refresh tokens issued to the viewer to reauthenticate. Calling this mutation will cause all Kraken Tokens and refresh tokens issued to the authenticated viewer before the mutation was called to become invalid.",
    )
    async def force_reauthentication(
        self, info: strawberry.Info[RequestContext, None], input: ForceReauthenticationInput
    ) -> ForceReauthentication | None:
        viewer = info.context.viewer()
        command = commands.ForceReauthentication(user_id=viewer.id, include_third_parties=input.include_third_parties)
        effective_at = await info.context.call(info.context.contexts.identity.force_reauthentication, command)
        return ForceReauthentication(tokens_invalidated=True, effective_at=effective_at)

    @kraken_mutation(
        errors=(PreSignedTokenAccessDenied,),
        auth=False,
        # The seed's code for a key that is unknown: an over-long key names none.
        invalid=PreSignedTokenAccessDenied,
        description="Invalidate a previously-issued pre-signed token.",
    )
    async def invalidate_pre_signed_token(
        self, info: strawberry.Info[RequestContext, None], input: InvalidatePreSignedTokenInput
    ) -> InvalidatePreSignedToken | None:
        command = commands.InvalidatePreSignedToken(token=input.token)
        scope = await info.context.call(info.context.contexts.identity.invalidate_pre_signed_token, command)
        return InvalidatePreSignedToken(
            token=PreSignedToken(key=input.token, scope=ExpiringTokenScope(scope), is_valid=False)
        )

    @kraken_mutation(
        errors=(
            RefreshTokenInvalid,
            RefreshTokenExpired,
            InvalidCredentials,
            TooManyRequests,
            TooManyOperations,
        ),
        auth=False,
        invalid=InvalidCredentials,
        description="Create a Kraken Token (JWT) for authentication. Provide the required input fields to obtain the token. The token should be used as the Authorization header for any authenticated requests.",
    )
    async def obtain_kraken_token(
        self, info: strawberry.Info[RequestContext, None], input: ObtainJSONWebTokenInput
    ) -> ObtainKrakenJSONWebToken | None:
        command = commands.ObtainKrakenToken(
            client=info.context.client,
            email=input.email or None,
            password=input.password or None,
            api_key=input.api_key or None,
            refresh_token=input.refresh_token or None,
            pre_signed_key=input.pre_signed_key or None,
            organization_secret_key=input.organization_secret_key or None,
            mfa_token=input.mfa_token or None,
        )
        issued = await info.context.call(info.context.contexts.identity.obtain_kraken_token, command)
        return ObtainKrakenJSONWebToken(
            token=issued.token,
            payload=GenericScalar(issued.payload),
            refresh_token=issued.refresh_token,
            refresh_expires_in=issued.refresh_expires_at,
        )

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
