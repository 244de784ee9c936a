"""getEmbeddedSecretForNewPaymentInstructionWithoutAccount: an embedded form's client secret tied to no customer."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.payments.inputs import (
    GetEmbeddedSecretForNewPaymentInstructionWithoutAccountInput,
)
from api.payments.types import (
    GetEmbeddedSecretForNewPaymentInstructionWithoutAccount,
)
from domain.payments import commands


@strawberry.type
class GetEmbeddedSecretForNewPaymentInstructionWithoutAccountMutation:
    # Anonymous on purpose: the seed lists no 1111/1112 for it, and it serves a checkout that runs
    # before the customer has an account or a login (the secret is tied to no account or ledger).
    @kraken_mutation(
        errors=(),
        auth=False,
        description="Get the client secret needed to create a new payment instruction using an embedded form without tying it to a customer.",
    )
    async def get_embedded_secret_for_new_payment_instruction_without_account(
        self,
        info: strawberry.Info[RequestContext, None],
        input: GetEmbeddedSecretForNewPaymentInstructionWithoutAccountInput,
    ) -> GetEmbeddedSecretForNewPaymentInstructionWithoutAccount | None:
        command = commands.GetEmbeddedSecretForNewPaymentInstructionWithoutAccount(
            instruction_type=input.instruction_type.value
        )
        payments = info.context.contexts.payments
        secret = await info.context.call(
            payments.get_embedded_secret_for_new_payment_instruction_without_account, command
        )
        return GetEmbeddedSecretForNewPaymentInstructionWithoutAccount(secret_key=secret)
