"""getHostedUrlForNewPaymentInstruction: the hosted page where the customer sets up a payment instruction."""

from __future__ import annotations

from urllib.parse import quote

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.payments.inputs import (
    GetHostedUrlForNewPaymentInstructionInput,
    given,
)
from api.payments.types import (
    GetHostedUrlForNewPaymentInstruction,
)
from domain.payments import commands
from domain.payments.errors import LedgerAccessDenied, LedgerNotFound, PaymentAccountAccessDenied
from domain.shared.catalogue import (
    AccountAccessDenied,
    AccountUserRequired,
    InputInvalid,
)

# Where the hosted set-up page lives, under the server's public URL; the token is its only key.
HOSTED_SETUP_PATH = "/payments/instructions/setup/"


@strawberry.type
class GetHostedUrlForNewPaymentInstructionMutation:
    @kraken_mutation(
        errors=(AccountUserRequired, LedgerAccessDenied),
        auth=True,
        codes={
            AccountAccessDenied: LedgerAccessDenied,
            LedgerNotFound: LedgerAccessDenied,
            PaymentAccountAccessDenied: LedgerAccessDenied,
        },
        # The seed lists no validation code for it: Kraken's generic one.
        invalid=InputInvalid,
        description="Get the external URL where the user can set up a payment instruction.",
    )
    async def get_hosted_url_for_new_payment_instruction(
        self, info: strawberry.Info[RequestContext, None], input: GetHostedUrlForNewPaymentInstructionInput
    ) -> GetHostedUrlForNewPaymentInstruction | None:
        # The hosted page is where the customer themself enters their details: a user's token only.
        info.context.viewer()
        number = info.context.account_number(input.account_number)
        command = commands.GetHostedUrlForNewPaymentInstruction(
            account_number=number,
            ledger_number=input.ledger_number,
            instruction_type=input.instruction_type.value,
            return_url_success=given(input.return_url_success) or "",
            return_url_failure=given(input.return_url_failure) or "",
            return_url_error=given(input.return_url_error) or "",
            return_url_cancel=given(input.return_url_cancel) or "",
        )
        token = await info.context.call(
            info.context.contexts.payments.get_hosted_url_for_new_payment_instruction, command
        )
        base = info.context.settings.public_url.rstrip("/")
        return GetHostedUrlForNewPaymentInstruction(url=f"{base}{HOSTED_SETUP_PATH}{quote(token)}")
