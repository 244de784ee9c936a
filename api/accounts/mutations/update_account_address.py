"""updateAccountAddress: replace an account's billing address, keeping a structured one structured."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import UpdateAccountAddressInput, address_details
from api.accounts.types import UpdateAccountAddress
from api.context import RequestContext
from api.identity.types import viewer_of
from api.mutation import kraken_mutation
from api.shared.types import AccountType
from domain.accounts import commands
from domain.accounts.errors import AccountNumberNotFound, BillingAddressInvalid, StructuredAddressRequired
from domain.identity.user import User
from domain.shared.catalogue import AccountAccessDenied, InputInvalid


@strawberry.type
class UpdateAccountAddressMutation:
    @kraken_mutation(
        errors=(AccountNumberNotFound, StructuredAddressRequired),
        # The seed lists no authorization code, but the mutation changes an account: it needs a viewer.
        auth=True,
        # One code for an unknown account and another customer's, so that numbers cannot be enumerated;
        # the seed lists no code for a malformed address: Kraken's generic validation one.
        codes={AccountAccessDenied: AccountNumberNotFound, BillingAddressInvalid: InputInvalid},
        invalid=InputInvalid,
        description="Update the billing address of given account.",
    )
    async def update_account_address(
        self, info: strawberry.Info[RequestContext, None], input: UpdateAccountAddressInput
    ) -> UpdateAccountAddress | None:
        number = info.context.account_number(input.account_number)
        command = commands.UpdateAccountAddress(
            account_number=number, billing_address=address_details(input.billing_address)
        )
        account = await info.context.call(info.context.contexts.accounts.update_account_address, command)
        viewer = info.context.acting.viewer
        # An organisation acting on the account is no account user: the payload has no viewer then.
        return UpdateAccountAddress(
            account=AccountType.changed(account), viewer=viewer_of(viewer) if isinstance(viewer, User) else None
        )
