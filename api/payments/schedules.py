"""The payments context's mutations about payment schedules: fixed amounts on a payment day, and balance-triggered top-ups."""

from __future__ import annotations

import strawberry

from api.mutation import pending_mutation
from api.payments.inputs import (
    CreateAccountPaymentScheduleInput,
    CreateDirectDebitInstructionAndScheduleInput,
    CreateDirectDebitPaymentScheduleInput,
    UpdateAutoTopUpAmountInput,
    UpdatePaymentScheduleInput,
)
from api.payments.types import (
    CreateAccountPaymentSchedule,
    CreateDirectDebitInstructionAndSchedule,
    CreateDirectDebitPaymentSchedule,
    UpdateAutoTopUpAmount,
    UpdatePaymentSchedule,
)
from domain.payments.errors import (
    ActivePaymentScheduleNotFound,
    DirectDebitInstructionSetupFailed,
    DirectDebitScheduleDataInvalid,
    FuturePaymentScheduleExists,
    LedgerAccessDenied,
    LedgerIdAndNumberBothGiven,
    LedgerNotIdentified,
    PaymentDayInvalid,
    PaymentInstructionUnexpectedError,
    PaymentScheduleAccessDenied,
    PaymentScheduleChangeMissing,
    PaymentScheduleDataInvalid,
    PaymentScheduleInputInvalid,
    PaymentScheduleNotFound,
    PaymentScheduleSaveFailed,
    PaymentScheduleWithoutPayments,
    PlanPaymentScheduleNotEditable,
    ScheduleNotBalanceTriggered,
)
from domain.shared.catalogue import (
    AccountUserRequired,
    AuthorizationHeaderMissing,
    FieldDisabled,
    Unauthorized,
)


@strawberry.type
class ScheduleMutations:
    create_account_payment_schedule = pending_mutation(
        args={"input": CreateAccountPaymentScheduleInput},
        payload=CreateAccountPaymentSchedule | None,
        errors=(
            Unauthorized,
            ActivePaymentScheduleNotFound,
            LedgerAccessDenied,
            PaymentScheduleAccessDenied,
            PaymentScheduleDataInvalid,
            PaymentScheduleSaveFailed,
            PaymentInstructionUnexpectedError,
            PaymentDayInvalid,
            PlanPaymentScheduleNotEditable,
            PaymentScheduleChangeMissing,
            FieldDisabled,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Replace an existing payment schedule with a new one that updates either the payment amount or payment day.",
    )

    create_direct_debit_instruction_and_schedule = pending_mutation(
        args={"input": CreateDirectDebitInstructionAndScheduleInput},
        payload=CreateDirectDebitInstructionAndSchedule | None,
        errors=(
            AccountUserRequired,
            PaymentInstructionUnexpectedError,
            DirectDebitInstructionSetupFailed,
            DirectDebitScheduleDataInvalid,
            FuturePaymentScheduleExists,
            PaymentScheduleWithoutPayments,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Create direct debit payment instructions and schedule",
    )

    create_direct_debit_payment_schedule = pending_mutation(
        args={"input": CreateDirectDebitPaymentScheduleInput},
        payload=CreateDirectDebitPaymentSchedule | None,
        errors=(
            AccountUserRequired,
            PaymentScheduleInputInvalid,
            FuturePaymentScheduleExists,
            PaymentScheduleWithoutPayments,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Create direct debit payment schedule",
    )

    update_payment_schedule = pending_mutation(
        args={"input": UpdatePaymentScheduleInput},
        payload=UpdatePaymentSchedule | None,
        errors=(
            AccountUserRequired,
            PaymentScheduleNotFound,
            PaymentScheduleSaveFailed,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Update a payment schedule for an account.",
    )

    update_auto_top_up_amount = pending_mutation(
        args={"input": UpdateAutoTopUpAmountInput},
        payload=UpdateAutoTopUpAmount | None,
        errors=(
            ActivePaymentScheduleNotFound,
            PaymentScheduleDataInvalid,
            PaymentScheduleSaveFailed,
            PaymentInstructionUnexpectedError,
            ScheduleNotBalanceTriggered,
            LedgerIdAndNumberBothGiven,
            LedgerNotIdentified,
            LedgerAccessDenied,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Change the auto top up amount for the payment schedule.",
    )
