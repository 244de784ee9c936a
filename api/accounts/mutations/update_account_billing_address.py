"""updateAccountBillingAddress: replace an account's billing address."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import AccountBillingAddressInput, address_details
from api.accounts.types import UpdateAccountBillingAddress
from api.context import RequestContext
from api.mutation import kraken_mutation
from api.shared.types import AccountType
from domain.accounts import commands
from domain.accounts.errors import (
    AccountNumberNotFound,
    BillingAddressAccessDenied,
    BillingAddressInvalid,
    StructuredAddressRequired,
)
from domain.shared.catalogue import AccountAccessDenied


@strawberry.type
class UpdateAccountBillingAddressMutation:
    @kraken_mutation(
        errors=(
            BillingAddressInvalid,
            BillingAddressAccessDenied,
        ),
        auth=True,
        codes={
            AccountAccessDenied: BillingAddressAccessDenied,
            # Without an account number (or with an unknown one) there is no account the viewer may change.
            AccountNumberNotFound: BillingAddressAccessDenied,
            # Free text in place of a structured address is, to this older mutation, an invalid address.
            StructuredAddressRequired: BillingAddressInvalid,
        },
        invalid=BillingAddressInvalid,
        description="Update the account billing address.",
    )
    async def update_account_billing_address(
        self, info: strawberry.Info[RequestContext, None], input: AccountBillingAddressInput
    ) -> UpdateAccountBillingAddress | None:
        number = info.context.account_number(input.account_number or "")
        command = commands.UpdateAccountBillingAddress(
            account_number=number, billing_address=address_details(input.billing_address)
        )
        account = await info.context.call(info.context.contexts.accounts.update_account_billing_address, command)
        return UpdateAccountBillingAddress(account=AccountType.changed(account))
