"""Update the viewer's own consents: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import ConsentTypeInput
from api.accounts.types import UpdateAccountUserConsents
from api.mutation import pending_mutation
from domain.accounts.errors import (
    AccountUserConsentsInvalid,
    ConsentAccountUserNotFound,
    ConsentManagementDisabled,
    ConsentTypeNotFound,
    ConsentUserNumberInvalid,
    DuplicateConsent,
)


@strawberry.type
class UpdateAccountUserConsentsMutation:
    update_account_user_consents = pending_mutation(
        args={"consents": list[ConsentTypeInput | None] | None, "userNumber": str | None},
        payload=UpdateAccountUserConsents | None,
        errors=(
            DuplicateConsent,
            ConsentManagementDisabled,
            ConsentTypeNotFound,
            ConsentAccountUserNotFound,
            AccountUserConsentsInvalid,
            ConsentUserNumberInvalid,
        ),
        auth=True,
        description="Update the consents of an account user (the authenticated user)",
    )
