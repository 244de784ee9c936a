"""updateAccountBillingEmail: set or clear the email an account's bills and statements are sent to."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import UpdateAccountBillingEmailInput
from api.accounts.types import UpdateAccountBillingEmail
from api.context import RequestContext
from api.mutation import kraken_mutation
from api.shared.types import AccountType
from domain.accounts import commands
from domain.accounts.errors import AccountNumberNotFound
from domain.shared.catalogue import AccountAccessDenied, EmailInvalid


@strawberry.type
class UpdateAccountBillingEmailMutation:
    @kraken_mutation(
        errors=(AccountAccessDenied, EmailInvalid),
        auth=True,
        codes={AccountNumberNotFound: AccountAccessDenied},
        invalid=EmailInvalid,
        description="Update account billing email.",
    )
    async def update_account_billing_email(
        self, info: strawberry.Info[RequestContext, None], input: UpdateAccountBillingEmailInput
    ) -> UpdateAccountBillingEmail | None:
        number = info.context.account_number(input.account_number)
        # Left out or null, the billing email is cleared.
        email = input.billing_email or None
        command = commands.UpdateAccountBillingEmail(account_number=number, billing_email=email)
        account = await info.context.call(info.context.contexts.accounts.update_account_billing_email, command)
        return UpdateAccountBillingEmail(account=AccountType.changed(account))
