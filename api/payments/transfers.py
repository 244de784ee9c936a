"""The payments context's mutations about credit transfer permissions between ledgers."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.payments.inputs import (
    CreateCreditTransferPermissionInput,
    TerminateCreditTransferPermissionInput,
)
from api.payments.types import (
    CreateCreditTransferPermission,
    TerminateCreditTransferPermission,
)
from domain.payments import commands
from domain.payments.errors import (
    CreditStorageLedgerRequired,
    CreditTransferLedgerNotFound,
    CreditTransferPermissionExists,
    CreditTransferPermissionNotFound,
    LedgerAccessDenied,
)
from domain.shared.catalogue import (
    AccountAccessDenied,
)


async def _may_use_both(info: strawberry.Info[RequestContext, None], source: str, target: str) -> None:
    """KT-CT-3827 if either ledger does not exist, KT-CT-3822 if the viewer may not act on its account."""
    accounts = await info.context.call(info.context.contexts.payments.credit_transfer_accounts, source, target)
    for account_number in accounts:
        info.context.account_number(account_number)


@strawberry.type
class TransferMutations:
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
        await _may_use_both(info, input.source_ledger_number, input.target_ledger_number)
        command = commands.CreateCreditTransferPermission(
            source_ledger_number=input.source_ledger_number, target_ledger_number=input.target_ledger_number
        )
        valid_from = await info.context.call(info.context.contexts.payments.create_credit_transfer_permission, command)
        return CreateCreditTransferPermission(valid_from=valid_from)

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
        await _may_use_both(info, input.source_ledger_number, input.target_ledger_number)
        command = commands.TerminateCreditTransferPermission(
            source_ledger_number=input.source_ledger_number,
            target_ledger_number=input.target_ledger_number,
            active_at=input.active_at or None,
        )
        valid_to = await info.context.call(info.context.contexts.payments.terminate_credit_transfer_permission, command)
        return TerminateCreditTransferPermission(valid_to=valid_to)
