"""The payments context's mutations about payment instructions: card (embedded form or hosted page) and direct debit."""

from __future__ import annotations

import strawberry

from api.mutation import pending_mutation
from api.payments.inputs import (
    GetEmbeddedSecretForNewPaymentInstructionInput,
    GetEmbeddedSecretForNewPaymentInstructionWithoutAccountInput,
    GetHostedUrlForNewPaymentInstructionInput,
    InvalidatePaymentInstructionInput,
    SetUpDirectDebitInstructionInput,
    StorePaymentInstructionInput,
)
from api.payments.types import (
    GetEmbeddedSecretForNewPaymentInstruction,
    GetEmbeddedSecretForNewPaymentInstructionWithoutAccount,
    GetHostedUrlForNewPaymentInstruction,
    InvalidatePaymentInstruction,
    SetUpDirectDebitInstruction,
    StorePaymentInstruction,
)
from domain.payments.errors import (
    DirectDebitAccountUserNotFound,
    DirectDebitBusinessNotFound,
    DirectDebitInstructionDataInvalid,
    LedgerAccessDenied,
    LedgerIdAndNumberBothGiven,
    LedgerNotIdentified,
    PaymentAccountAccessDenied,
    PaymentInstructionAccessDenied,
)
from domain.shared.catalogue import (
    AccountUserRequired,
    AuthorizationHeaderMissing,
    FieldDisabled,
    Unauthorized,
)


@strawberry.type
class InstructionMutations:
    get_embedded_secret_for_new_payment_instruction = pending_mutation(
        args={"input": GetEmbeddedSecretForNewPaymentInstructionInput},
        payload=GetEmbeddedSecretForNewPaymentInstruction | None,
        errors=(
            PaymentAccountAccessDenied,
            LedgerAccessDenied,
            LedgerIdAndNumberBothGiven,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Get the client secret needed to create a new payment instruction using an embedded form.",
    )

    get_embedded_secret_for_new_payment_instruction_without_account = pending_mutation(
        args={"input": GetEmbeddedSecretForNewPaymentInstructionWithoutAccountInput},
        payload=GetEmbeddedSecretForNewPaymentInstructionWithoutAccount | None,
        errors=(),
        auth=False,
        description="Get the client secret needed to create a new payment instruction using an embedded form without tying it to a customer.",
    )

    get_hosted_url_for_new_payment_instruction = pending_mutation(
        args={"input": GetHostedUrlForNewPaymentInstructionInput},
        payload=GetHostedUrlForNewPaymentInstruction | None,
        errors=(AccountUserRequired, LedgerAccessDenied, FieldDisabled, Unauthorized, AuthorizationHeaderMissing),
        auth=True,
        description="Get the external URL where the user can set up a payment instruction.",
    )

    store_payment_instruction = pending_mutation(
        args={"input": StorePaymentInstructionInput},
        payload=StorePaymentInstruction | None,
        errors=(
            LedgerIdAndNumberBothGiven,
            PaymentAccountAccessDenied,
            LedgerAccessDenied,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Store a new payment instruction created through the embedded process.",
    )

    invalidate_payment_instruction = pending_mutation(
        args={"input": InvalidatePaymentInstructionInput},
        payload=InvalidatePaymentInstruction | None,
        errors=(PaymentInstructionAccessDenied, FieldDisabled, Unauthorized, AuthorizationHeaderMissing),
        auth=True,
        description="Invalidate an existing instruction.",
    )

    set_up_direct_debit_instruction = pending_mutation(
        args={"input": SetUpDirectDebitInstructionInput},
        payload=SetUpDirectDebitInstruction | None,
        errors=(
            LedgerIdAndNumberBothGiven,
            LedgerNotIdentified,
            DirectDebitInstructionDataInvalid,
            DirectDebitAccountUserNotFound,
            DirectDebitBusinessNotFound,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Set up a new direct debit instruction.",
    )
