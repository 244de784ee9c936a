"""terminateCreditTransferPermission: ends the permission for credit to move between two ledgers."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.payments.inputs import (
    TerminateCreditTransferPermissionInput,
)
from api.payments.transfer_ledgers import may_use_both
from api.payments.types import (
    TerminateCreditTransferPermission,
)
from domain.payments import commands
from domain.payments.errors import (
    CreditTransferLedgerNotFound,
    CreditTransferPermissionNotFound,
    LedgerAccessDenied,
)
from domain.shared.catalogue import (
    AccountAccessDenied,
)


@strawberry.type
class TerminateCreditTransferPermissionMutation:
    @kraken_mutation(
        errors=(
            LedgerAccessDenied,
            CreditTransferPermissionNotFound,
            CreditTransferLedgerNotFound,
        ),
        auth=True,
        codes={AccountAccessDenied: LedgerAccessDenied},
        # The seed's code for a ledger number that names no ledger: an over-long one names none.
        invalid=CreditTransferLedgerNotFound,
        description="Terminate credit transfer permission.",
    )
    async def terminate_credit_transfer_permission(
        self, info: strawberry.Info[RequestContext, None], input: TerminateCreditTransferPermissionInput
    ) -> TerminateCreditTransferPermission | None:
        await may_use_both(info, input.source_ledger_number, input.target_ledger_number)
        command = commands.TerminateCreditTransferPermission(
            source_ledger_number=input.source_ledger_number,
            target_ledger_number=input.target_ledger_number,
            active_at=input.active_at or None,
        )
        valid_to = await info.context.call(info.context.contexts.payments.terminate_credit_transfer_permission, command)
        return TerminateCreditTransferPermission(valid_to=valid_to)
