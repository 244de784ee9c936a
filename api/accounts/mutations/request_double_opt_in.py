"""Request a double opt-in: the consent becomes PENDING and a worker sends the confirmation link."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import DoubleOptInInput
from api.accounts.queries.consents import consent_of
from api.accounts.types import RequestDoubleOptIn
from api.context import RequestContext
from api.mutation import kraken_mutation
from domain.accounts import commands
from domain.accounts.errors import (
    ConsentAccountNotFound,
    ConsentManagementDisabled,
    ConsentTypeNotFound,
    DoubleOptInRequestInvalid,
)
from domain.identity.organisation import Organisation
from domain.shared.catalogue import AccountAccessDenied


@strawberry.type
class RequestDoubleOptInMutation:
    @kraken_mutation(
        errors=(
            DoubleOptInRequestInvalid,
            ConsentAccountNotFound,
            ConsentManagementDisabled,
            ConsentTypeNotFound,
        ),
        auth=True,
        codes={AccountAccessDenied: ConsentAccountNotFound},
        invalid=DoubleOptInRequestInvalid,
        description="Request a double opt in",
    )
    async def request_double_opt_in(
        self, info: strawberry.Info[RequestContext, None], input: DoubleOptInInput | None = strawberry.UNSET
    ) -> RequestDoubleOptIn | None:
        if not input:
            raise DoubleOptInRequestInvalid("The input is required.")
        viewer = info.context.acting.viewer
        # Without an account number the consent is the viewer's own, which an organisation has none of.
        number = info.context.account_number(input.account_number) if input.account_number else None
        command = commands.RequestDoubleOptIn(
            code=input.consent_type_code,
            email=input.email_address or "",
            mobile=input.mobile_number or "",
            ip=input.ip_address,
            requested_by=info.context.acting.actor,
            account_number=number,
            user_id=None if isinstance(viewer, Organisation) else viewer.id,
        )
        consent = await info.context.call(info.context.contexts.accounts.request_double_opt_in, command)
        return RequestDoubleOptIn(consent=consent_of(consent))
