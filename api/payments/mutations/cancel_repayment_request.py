"""cancelRepaymentRequest: the customer withdraws a repayment request not yet paid out."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.payments.inputs import (
    CancelRepaymentRequestInputType,
)
from api.payments.types import (
    CancelRepaymentRequest,
    CancelRepaymentRequestOutputType,
    RepaymentRequestStatus,
)
from domain.payments import commands
from domain.payments.errors import (
    RepaymentNotCancellable,
    RepaymentRequestAccessDenied,
    RepaymentRequestNotFound,
)
from domain.shared.catalogue import (
    AccountAccessDenied,
)


@strawberry.type
class CancelRepaymentRequestMutation:
    # The seed lists neither KT-CT-1111 nor 1112 here, yet cancelling needs to know whose request
    # it is: the gate authenticates the viewer (1112 without a header, 1111 for a bad or scoped token).
    @kraken_mutation(
        errors=(RepaymentRequestAccessDenied, RepaymentRequestNotFound, RepaymentNotCancellable),
        auth=True,
        codes={AccountAccessDenied: RepaymentRequestAccessDenied},
        # The seed's code for a requestId that names no request: an over-long one names none.
        invalid=RepaymentRequestNotFound,
        description="Cancel a repayment or refund request.",
    )
    async def cancel_repayment_request(
        self, info: strawberry.Info[RequestContext, None], input: CancelRepaymentRequestInputType
    ) -> CancelRepaymentRequest | None:
        payments = info.context.contexts.payments
        owner = await info.context.call(payments.repayment_account_of, input.request_id)
        number = info.context.account_number(owner)
        command = commands.CancelRepaymentRequest(account_number=number, request_id=input.request_id)
        request = await info.context.call(payments.cancel_repayment_request, command)
        return CancelRepaymentRequest(
            repayment_request=CancelRepaymentRequestOutputType(
                request_id=str(request.number), status=RepaymentRequestStatus(request.wire_status)
            )
        )
