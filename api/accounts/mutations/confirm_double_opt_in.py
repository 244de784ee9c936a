"""Confirm a double opt-in with the token the link carried: the consent becomes ACCEPTED."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import ConfirmDoubleOptInInput
from api.accounts.queries.consents import consent_of
from api.accounts.types import ConfirmDoubleOptIn
from api.context import RequestContext
from api.mutation import kraken_mutation
from domain.accounts import commands
from domain.accounts.errors import (
    ConsentAlreadyAccepted,
    ConsentManagementDisabled,
    ConsentTokenInvalid,
    ConsentTokenNotFound,
)


@strawberry.type
class ConfirmDoubleOptInMutation:
    @kraken_mutation(
        errors=(
            ConsentManagementDisabled,
            ConsentTokenInvalid,
            ConsentTokenNotFound,
            ConsentAlreadyAccepted,
        ),
        auth=True,
        # A token longer than any we issue matches none.
        invalid=ConsentTokenNotFound,
        description="Confirm a double opt in",
    )
    async def confirm_double_opt_in(
        self, info: strawberry.Info[RequestContext, None], input: ConfirmDoubleOptInInput | None = strawberry.UNSET
    ) -> ConfirmDoubleOptIn | None:
        if not input:
            raise ConsentTokenNotFound("The input with the token is required.")
        command = commands.ConfirmDoubleOptIn(token=input.token, ip=input.ip_address or "")
        consent = await info.context.call(info.context.contexts.accounts.confirm_double_opt_in, command)
        return ConfirmDoubleOptIn(consent=consent_of(consent))
