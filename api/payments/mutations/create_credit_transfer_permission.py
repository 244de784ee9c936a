"""createCreditTransferPermission: allows credit to move from one ledger to another."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.payments.inputs import (
    CreateCreditTransferPermissionInput,
)
from api.payments.transfer_ledgers import may_use_both
from api.payments.types import (
    CreateCreditTransferPermission,
)
from domain.payments import commands
from domain.payments.errors import (
    CreditStorageLedgerRequired,
    CreditTransferLedgerNotFound,
    CreditTransferPermissionExists,
    LedgerAccessDenied,
)
from domain.shared.catalogue import (
    AccountAccessDenied,
)


@strawberry.type
class CreateCreditTransferPermissionMutation:
    @kraken_mutation(
        errors=(
            LedgerAccessDenied,
            CreditTransferLedgerNotFound,
            CreditStorageLedgerRequired,
            CreditTransferPermissionExists,
        ),
        auth=True,
        codes={AccountAccessDenied: LedgerAccessDenied},
        # The seed's code for a ledger number that names no ledger: an over-long one names none.
        invalid=CreditTransferLedgerNotFound,
        description="Create a credit transfer permission.",
    )
    async def create_credit_transfer_permission(
        self, info: strawberry.Info[RequestContext, None], input: CreateCreditTransferPermissionInput
    ) -> CreateCreditTransferPermission | None:
        await may_use_both(info, input.source_ledger_number, input.target_ledger_number)
        command = commands.CreateCreditTransferPermission(
            source_ledger_number=input.source_ledger_number, target_ledger_number=input.target_ledger_number
        )
        valid_from = await info.context.call(info.context.contexts.payments.create_credit_transfer_permission, command)
        return CreateCreditTransferPermission(valid_from=valid_from)
