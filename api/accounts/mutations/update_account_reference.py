"""Update an account reference: the account's identifier in an external system's namespace changes."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import AccountReferenceInput
from api.accounts.types import UpdateAccountReference
from api.context import RequestContext
from api.mutation import kraken_mutation
from api.shared.types import AccountReferenceType
from domain.accounts import commands
from domain.accounts.errors import AccountReferenceNamespaceInvalid, AccountReferenceValueInvalid
from domain.shared.catalogue import AccountAccessDenied


@strawberry.type
class UpdateAccountReferenceMutation:
    @kraken_mutation(
        errors=(
            AccountAccessDenied,
            AccountReferenceNamespaceInvalid,
            AccountReferenceValueInvalid,
        ),
        auth=True,
        # Both validation codes say "Invalid data."; the validation errors name the field too long.
        invalid=AccountReferenceValueInvalid,
        description="Update an account reference.",
    )
    async def update_account_reference(
        self, info: strawberry.Info[RequestContext, None], input: AccountReferenceInput
    ) -> UpdateAccountReference | None:
        number = info.context.account_number(input.account_number)
        command = commands.UpdateAccountReference(account_number=number, namespace=input.namespace, value=input.value)
        reference = await info.context.call(info.context.contexts.accounts.update_account_reference, command)
        return UpdateAccountReference(account_reference=AccountReferenceType.attached(number, reference))
