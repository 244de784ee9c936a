"""The payments context's mutations about repayments: requests to pay money back to the customer, and their cancellation."""

from __future__ import annotations

import strawberry

from api.mutation import pending_mutation
from api.payments.inputs import (
    CancelRepaymentRequestInputType,
    RequestRepaymentInputType,
)
from api.payments.types import (
    CancelRepaymentRequest,
    SubmitRepaymentRequest,
)
from domain.payments.errors import (
    LedgerIdAndNumberBothGiven,
    LedgerNotIdentified,
    RepaymentAmountInvalid,
    RepaymentIdempotencyKeyReused,
    RepaymentNotCancellable,
    RepaymentRequestAccessDenied,
    RepaymentRequestNotFound,
)
from domain.shared.catalogue import (
    AuthorizationHeaderMissing,
    FieldDisabled,
    PermissionDenied,
    Unauthorized,
)


@strawberry.type
class RepaymentMutations:
    submit_repayment_request = pending_mutation(
        args={"input": RequestRepaymentInputType},
        payload=SubmitRepaymentRequest | None,
        errors=(
            PermissionDenied,
            LedgerIdAndNumberBothGiven,
            LedgerNotIdentified,
            RepaymentAmountInvalid,
            RepaymentIdempotencyKeyReused,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Submit a repayment request.",
    )

    cancel_repayment_request = pending_mutation(
        args={"input": CancelRepaymentRequestInputType},
        payload=CancelRepaymentRequest | None,
        errors=(RepaymentRequestAccessDenied, RepaymentRequestNotFound, RepaymentNotCancellable, FieldDisabled),
        auth=False,
        description="Cancel a repayment or refund request.",
    )
