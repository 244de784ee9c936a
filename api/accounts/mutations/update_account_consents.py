"""Update an account's consents: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import ConsentInput
from api.accounts.types import UpdateAccountConsents
from api.mutation import pending_mutation
from domain.accounts.errors import (
    ConsentAccountNotFound,
    ConsentManagementDisabled,
    ConsentTypeNotFound,
    DuplicateConsent,
)


@strawberry.type
class UpdateAccountConsentsMutation:
    update_account_consents = pending_mutation(
        args={"accountNumber": str, "consents": list[ConsentInput | None]},
        payload=UpdateAccountConsents | None,
        errors=(
            DuplicateConsent,
            ConsentManagementDisabled,
            ConsentTypeNotFound,
            ConsentAccountNotFound,
        ),
        auth=True,
        description="Update the consents of an account",
    )
