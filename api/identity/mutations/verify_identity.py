"""verifyIdentity: an account's details for a token scoped to registering the user's email."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.identity.inputs import VerifyIdentityInput
from api.identity.types import VerifyIdentity
from api.mutation import kraken_mutation
from domain.identity import commands
from domain.identity.errors import IdentityDetailsMismatch
from domain.shared.catalogue import TooManyOperations, TooManyRequests


@strawberry.type
class VerifyIdentityMutation:
    @kraken_mutation(
        errors=(IdentityDetailsMismatch, TooManyRequests, TooManyOperations),
        auth=False,
        invalid=IdentityDetailsMismatch,
        description="Provide identifying information about an account and user to get a scoped token that will permit access to associate an email address with the account\u2019s user.",
    )
    async def verify_identity(
        self, info: strawberry.Info[RequestContext, None], input: VerifyIdentityInput
    ) -> VerifyIdentity | None:
        command = commands.VerifyIdentity(
            client=info.context.client,
            account_number=input.account_number,
            full_name=input.full_name,
            first_line_of_address=input.first_line_of_address,
            postcode=input.postcode,
        )
        token = await info.context.call(info.context.contexts.identity.verify_identity, command)
        return VerifyIdentity(token=token)
