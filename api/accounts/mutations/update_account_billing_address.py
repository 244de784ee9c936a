"""Update an account's billing address: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import AccountBillingAddressInput
from api.accounts.types import UpdateAccountBillingAddress
from api.mutation import pending_mutation
from domain.accounts.errors import BillingAddressAccessDenied, BillingAddressInvalid


@strawberry.type
class UpdateAccountBillingAddressMutation:
    update_account_billing_address = pending_mutation(
        args={"input": AccountBillingAddressInput},
        payload=UpdateAccountBillingAddress | None,
        errors=(
            BillingAddressInvalid,
            BillingAddressAccessDenied,
        ),
        auth=True,
        description="Update the account billing address.",
    )
