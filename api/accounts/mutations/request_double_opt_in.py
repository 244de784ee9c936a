"""Request a double opt-in: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import DoubleOptInInput
from api.accounts.types import RequestDoubleOptIn
from api.mutation import pending_mutation
from domain.accounts.errors import (
    ConsentAccountNotFound,
    ConsentManagementDisabled,
    ConsentTypeNotFound,
    DoubleOptInRequestInvalid,
)


@strawberry.type
class RequestDoubleOptInMutation:
    request_double_opt_in = pending_mutation(
        args={"input": DoubleOptInInput | None},
        payload=RequestDoubleOptIn | None,
        errors=(
            DoubleOptInRequestInvalid,
            ConsentAccountNotFound,
            ConsentManagementDisabled,
            ConsentTypeNotFound,
        ),
        auth=True,
        description="Request a double opt in",
    )
