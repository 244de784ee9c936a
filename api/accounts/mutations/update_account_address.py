"""Update an account's billing address: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import UpdateAccountAddressInput
from api.accounts.types import UpdateAccountAddress
from api.mutation import pending_mutation
from domain.accounts.errors import AccountNumberNotFound, StructuredAddressRequired


@strawberry.type
class UpdateAccountAddressMutation:
    update_account_address = pending_mutation(
        args={"input": UpdateAccountAddressInput},
        payload=UpdateAccountAddress | None,
        errors=(AccountNumberNotFound, StructuredAddressRequired),
        auth=False,
        description="Update the billing address of given account.",
    )
