"""The payments context's mutations about credit transfer permissions between ledgers."""

from __future__ import annotations

import strawberry

from api.mutation import pending_mutation
from api.payments.inputs import (
    CreateCreditTransferPermissionInput,
    TerminateCreditTransferPermissionInput,
)
from api.payments.types import (
    CreateCreditTransferPermission,
    TerminateCreditTransferPermission,
)
from domain.payments.errors import (
    CreditStorageLedgerRequired,
    CreditTransferLedgerNotFound,
    CreditTransferPermissionExists,
    CreditTransferPermissionNotFound,
    LedgerAccessDenied,
)
from domain.shared.catalogue import (
    AuthorizationHeaderMissing,
    FieldDisabled,
    Unauthorized,
)


@strawberry.type
class TransferMutations:
    create_credit_transfer_permission = pending_mutation(
        args={"input": CreateCreditTransferPermissionInput},
        payload=CreateCreditTransferPermission | None,
        errors=(
            LedgerAccessDenied,
            CreditTransferLedgerNotFound,
            CreditStorageLedgerRequired,
            CreditTransferPermissionExists,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Create a credit transfer permission.",
    )

    terminate_credit_transfer_permission = pending_mutation(
        args={"input": TerminateCreditTransferPermissionInput},
        payload=TerminateCreditTransferPermission | None,
        errors=(
            LedgerAccessDenied,
            CreditTransferPermissionNotFound,
            CreditTransferLedgerNotFound,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Terminate credit transfer permission.",
    )
