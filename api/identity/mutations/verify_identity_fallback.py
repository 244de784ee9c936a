"""verifyIdentityFallback: a user's name and address for a token scoped to registering their email."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.identity.inputs import VerifyIdentityFallbackInput
from api.identity.types import VerifyIdentityFallback
from api.mutation import kraken_mutation
from domain.identity import commands
from domain.identity.errors import IdentityDetailsMismatch
from domain.shared.catalogue import TooManyOperations, TooManyRequests


@strawberry.type
class VerifyIdentityFallbackMutation:
    @kraken_mutation(
        errors=(IdentityDetailsMismatch, TooManyRequests, TooManyOperations),
        auth=False,
        invalid=IdentityDetailsMismatch,
        description="Verify the identity of a user by checking their family name, first line of address and postcode. This is a fallback mutation that should only be used if the user does not have an account number or account user ID.",
    )
    async def verify_identity_fallback(
        self, info: strawberry.Info[RequestContext, None], input: VerifyIdentityFallbackInput
    ) -> VerifyIdentityFallback | None:
        command = commands.VerifyIdentityFallback(
            client=info.context.client,
            family_name=input.family_name,
            first_line_of_address=input.first_line_of_address,
            postcode=input.postcode,
        )
        token = await info.context.call(info.context.contexts.identity.verify_identity_fallback, command)
        return VerifyIdentityFallback(token=token)
