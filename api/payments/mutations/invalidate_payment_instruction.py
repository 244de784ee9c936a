"""invalidatePaymentInstruction: ends a payment instruction of the account."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.payments.inputs import (
    InvalidatePaymentInstructionInput,
)
from api.payments.types import (
    InvalidatePaymentInstruction,
    InvalidatePaymentInstructionOutput,
)
from domain.payments import commands
from domain.payments.errors import (
    PaymentInstructionAccessDenied,
)
from domain.shared.catalogue import (
    AccountAccessDenied,
    InputInvalid,
)


@strawberry.type
class InvalidatePaymentInstructionMutation:
    @kraken_mutation(
        errors=(PaymentInstructionAccessDenied,),
        auth=True,
        codes={AccountAccessDenied: PaymentInstructionAccessDenied},
        # The seed lists no validation code for it: Kraken's generic one.
        invalid=InputInvalid,
        description="Invalidate an existing instruction.",
    )
    async def invalidate_payment_instruction(
        self, info: strawberry.Info[RequestContext, None], input: InvalidatePaymentInstructionInput
    ) -> InvalidatePaymentInstruction | None:
        number = info.context.account_number(input.account_number)
        command = commands.InvalidatePaymentInstruction(account_number=number, instruction_id=input.id)
        invalidated = await info.context.call(info.context.contexts.payments.invalidate_payment_instruction, command)
        return InvalidatePaymentInstruction(instruction=InvalidatePaymentInstructionOutput(id=invalidated.number))
