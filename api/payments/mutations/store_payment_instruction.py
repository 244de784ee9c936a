"""storePaymentInstruction: keeps a payment instruction the customer set up through the embedded form."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.payments.inputs import (
    StorePaymentInstructionInput,
    given,
)
from api.payments.types import (
    PaymentInstructionType,
    StorePaymentInstruction,
)
from domain.payments import commands
from domain.payments.errors import (
    LedgerAccessDenied,
    LedgerIdAndNumberBothGiven,
    LedgerNotFound,
    PaymentAccountAccessDenied,
)
from domain.shared.catalogue import (
    AccountAccessDenied,
    InputInvalid,
)


@strawberry.type
class StorePaymentInstructionMutation:
    @kraken_mutation(
        errors=(
            LedgerIdAndNumberBothGiven,
            PaymentAccountAccessDenied,
            LedgerAccessDenied,
        ),
        auth=True,
        codes={AccountAccessDenied: PaymentAccountAccessDenied, LedgerNotFound: LedgerAccessDenied},
        # Its seed's only validation code (3820) says both ledger ID and number were given.
        invalid=InputInvalid,
        description="Store a new payment instruction created through the embedded process.",
    )
    async def store_payment_instruction(
        self, info: strawberry.Info[RequestContext, None], input: StorePaymentInstructionInput
    ) -> StorePaymentInstruction | None:
        number = info.context.account_number(input.account_number)
        command = commands.StorePaymentInstruction(
            account_number=number,
            instruction_type=input.instruction_type.value,
            valid_from=input.valid_from,
            vendor_reference=input.vendor_reference,
            ledger_id=given(input.ledger_id),
            ledger_number=given(input.ledger_number),
        )
        stored = await info.context.call(info.context.contexts.payments.store_payment_instruction, command)
        return StorePaymentInstruction(payment_instruction=PaymentInstructionType.of(stored))
