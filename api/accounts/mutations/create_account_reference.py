"""Create an account reference: an external system's identifier (a namespace and a value) for the account."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import AccountReferenceInput
from api.accounts.types import CreateAccountReference
from api.context import RequestContext
from api.mutation import kraken_mutation
from api.shared.types import AccountReferenceType
from domain.accounts import commands
from domain.accounts.errors import AccountReferenceNamespaceInvalid, AccountReferenceValueInvalid
from domain.shared.catalogue import AccountAccessDenied


@strawberry.type
class CreateAccountReferenceMutation:
    @kraken_mutation(
        errors=(
            AccountAccessDenied,
            AccountReferenceNamespaceInvalid,
            AccountReferenceValueInvalid,
        ),
        auth=True,
        # Both validation codes say "Invalid data."; the validation errors name the field too long.
        invalid=AccountReferenceValueInvalid,
        description="Create an account reference.",
    )
    async def create_account_reference(
        self, info: strawberry.Info[RequestContext, None], input: AccountReferenceInput
    ) -> CreateAccountReference | None:
        number = info.context.account_number(input.account_number)
        command = commands.CreateAccountReference(account_number=number, namespace=input.namespace, value=input.value)
        reference = await info.context.call(info.context.contexts.accounts.create_account_reference, command)
        return CreateAccountReference(account_reference=AccountReferenceType.attached(number, reference))
