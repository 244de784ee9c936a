"""Create an account reference: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import AccountReferenceInput
from api.accounts.types import CreateAccountReference
from api.mutation import pending_mutation
from domain.accounts.errors import AccountReferenceNamespaceInvalid, AccountReferenceValueInvalid
from domain.shared.catalogue import AccountAccessDenied


@strawberry.type
class CreateAccountReferenceMutation:
    create_account_reference = pending_mutation(
        args={"input": AccountReferenceInput},
        payload=CreateAccountReference | None,
        errors=(
            AccountAccessDenied,
            AccountReferenceNamespaceInvalid,
            AccountReferenceValueInvalid,
        ),
        auth=True,
        description="Create an account reference.",
    )
