"""submitRepaymentRequest: the customer asks for credit on a ledger to be paid back to them."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.payments.inputs import (
    RequestRepaymentInputType,
)
from api.payments.types import (
    RepaymentRequestStatus,
    RequestRepaymentOutputType,
    SubmitRepaymentRequest,
)
from domain.identity.organisation import Organisation
from domain.payments import commands
from domain.payments.errors import (
    AmountInvalid,
    IdempotencyKeyReused,
    LedgerAccessDenied,
    LedgerIdAndNumberBothGiven,
    LedgerNotFound,
    LedgerNotIdentified,
)
from domain.payments.repayment_request import RepaymentMethod
from domain.shared.catalogue import (
    AccountAccessDenied,
    InputInvalid,
    PermissionDenied,
    Unauthorized,
)


@strawberry.type
class SubmitRepaymentRequestMutation:
    @kraken_mutation(
        errors=(
            PermissionDenied,
            LedgerIdAndNumberBothGiven,
            LedgerNotIdentified,
            AmountInvalid,
            IdempotencyKeyReused,
        ),
        auth=True,
        codes={AccountAccessDenied: Unauthorized, LedgerNotFound: Unauthorized, LedgerAccessDenied: Unauthorized},
        # Its seed's validation codes are about the ledger and the amount, not a malformed input.
        invalid=InputInvalid,
        description="Submit a repayment request.",
    )
    async def submit_repayment_request(
        self, info: strawberry.Info[RequestContext, None], input: RequestRepaymentInputType
    ) -> SubmitRepaymentRequest | None:
        # KT-CT-1132: money leaves Kraken only when the customer asks with their own full login.
        # The gate refuses scoped (pre-signed) tokens; here, a staff member masquerading as the
        # user and an organisation's token, which act for the customer but are not the customer.
        principal = info.context.acting
        if principal.staff_id is not None or isinstance(principal.viewer, Organisation):
            raise PermissionDenied("A repayment can only be requested by the customer, not on their behalf.")
        number = info.context.account_number(input.account_number)
        command = commands.SubmitRepaymentRequest(
            account_number=number,
            amount=input.amount_in_minor_unit,
            idempotency_key=input.idempotency_key,
            method=input.method.value if input.method else RepaymentMethod.BANK_TRANSFER.value,
            reason=input.reason or "",
            ledger_id=input.ledger_id or None,
            ledger_number=input.ledger_number or None,
            auto_approve_limit=info.context.settings.repayment_auto_approve_limit,
        )
        request = await info.context.call(info.context.contexts.payments.submit_repayment_request, command)
        return SubmitRepaymentRequest(
            repayment_request=RequestRepaymentOutputType(
                request_id=str(request.number), status=RepaymentRequestStatus(request.wire_status)
            )
        )
