"""getEmbeddedSecretForNewPaymentInstruction: the client secret of the provider's embedded form for a new instruction on a ledger."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.payments.inputs import (
    GetEmbeddedSecretForNewPaymentInstructionInput,
    given,
)
from api.payments.types import (
    GetEmbeddedSecretForNewPaymentInstruction,
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
class GetEmbeddedSecretForNewPaymentInstructionMutation:
    @kraken_mutation(
        errors=(
            PaymentAccountAccessDenied,
            LedgerAccessDenied,
            LedgerIdAndNumberBothGiven,
        ),
        auth=True,
        codes={AccountAccessDenied: PaymentAccountAccessDenied, LedgerNotFound: LedgerAccessDenied},
        # Its seed's only validation code (3820) says both ledger ID and number were given.
        invalid=InputInvalid,
        description="Get the client secret needed to create a new payment instruction using an embedded form.",
    )
    async def get_embedded_secret_for_new_payment_instruction(
        self, info: strawberry.Info[RequestContext, None], input: GetEmbeddedSecretForNewPaymentInstructionInput
    ) -> GetEmbeddedSecretForNewPaymentInstruction | None:
        number = info.context.account_number(input.account_number)
        command = commands.GetEmbeddedSecretForNewPaymentInstruction(
            account_number=number,
            instruction_type=input.instruction_type.value,
            ledger_id=given(input.ledger_id),
            ledger_number=given(input.ledger_number),
        )
        payments = info.context.contexts.payments
        secret = await info.context.call(payments.get_embedded_secret_for_new_payment_instruction, command)
        return GetEmbeddedSecretForNewPaymentInstruction(secret_key=secret)
