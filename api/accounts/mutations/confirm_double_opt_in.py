"""Confirm a double opt-in: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import ConfirmDoubleOptInInput
from api.accounts.types import ConfirmDoubleOptIn
from api.mutation import pending_mutation
from domain.accounts.errors import (
    ConsentAlreadyAccepted,
    ConsentManagementDisabled,
    ConsentTokenInvalid,
    ConsentTokenNotFound,
)


@strawberry.type
class ConfirmDoubleOptInMutation:
    confirm_double_opt_in = pending_mutation(
        args={"input": ConfirmDoubleOptInInput | None},
        payload=ConfirmDoubleOptIn | None,
        errors=(
            ConsentManagementDisabled,
            ConsentTokenInvalid,
            ConsentTokenNotFound,
            ConsentAlreadyAccepted,
        ),
        auth=True,
        description="Confirm a double opt in",
    )
