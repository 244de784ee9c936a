"""obtainKrakenToken: log in (password, API key, refresh token, pre-signed or organisation key) for a Kraken Token."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.identity.inputs import ObtainJSONWebTokenInput
from api.identity.types import ObtainKrakenJSONWebToken
from api.mutation import kraken_mutation
from api.scalars import GenericScalar
from domain.identity import commands
from domain.identity.errors import RefreshTokenExpired, RefreshTokenInvalid
from domain.shared.catalogue import InvalidCredentials, TooManyOperations, TooManyRequests


@strawberry.type
class ObtainKrakenTokenMutation:
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
