"""Update an account's billing email: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import UpdateAccountBillingEmailInput
from api.accounts.types import UpdateAccountBillingEmail
from api.mutation import pending_mutation
from domain.shared.catalogue import AccountAccessDenied, EmailInvalid


@strawberry.type
class UpdateAccountBillingEmailMutation:
    update_account_billing_email = pending_mutation(
        args={"input": UpdateAccountBillingEmailInput},
        payload=UpdateAccountBillingEmail | None,
        errors=(AccountAccessDenied, EmailInvalid),
        auth=True,
        description="Update account billing email.",
    )
