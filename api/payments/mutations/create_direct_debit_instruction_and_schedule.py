"""createDirectDebitInstructionAndSchedule: a new direct debit instruction and the fixed schedule it collects."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.payments.inputs import (
    CreateDirectDebitInstructionAndScheduleInput,
    given,
)
from api.payments.types import (
    CreateDirectDebitInstructionAndSchedule,
    PaymentInstructionType,
    PaymentScheduleType,
)
from domain.payments import commands
from domain.payments.errors import (
    AmountInvalid,
    DirectDebitInstructionDataInvalid,
    DirectDebitInstructionSetupFailed,
    DirectDebitScheduleDataInvalid,
    FuturePaymentScheduleExists,
    LedgerAccessDenied,
    LedgerNotFound,
    PaymentDayInvalid,
    PaymentInstructionUnexpectedError,
    PaymentScheduleSaveFailed,
    PaymentScheduleWithoutPayments,
)
from domain.shared.catalogue import (
    AccountAccessDenied,
    AccountUserRequired,
    Unauthorized,
)


@strawberry.type
class CreateDirectDebitInstructionAndScheduleMutation:
    @kraken_mutation(
        errors=(
            AccountUserRequired,
            PaymentInstructionUnexpectedError,
            DirectDebitInstructionSetupFailed,
            DirectDebitScheduleDataInvalid,
            FuturePaymentScheduleExists,
            PaymentScheduleWithoutPayments,
        ),
        auth=True,
        codes={
            AccountAccessDenied: Unauthorized,
            LedgerNotFound: DirectDebitScheduleDataInvalid,
            LedgerAccessDenied: DirectDebitScheduleDataInvalid,
            PaymentDayInvalid: DirectDebitScheduleDataInvalid,
            AmountInvalid: DirectDebitScheduleDataInvalid,
            DirectDebitInstructionDataInvalid: DirectDebitScheduleDataInvalid,
            PaymentScheduleSaveFailed: PaymentInstructionUnexpectedError,
        },
        invalid=DirectDebitScheduleDataInvalid,
        description="Create direct debit payment instructions and schedule",
    )
    async def create_direct_debit_instruction_and_schedule(
        self, info: strawberry.Info[RequestContext, None], input: CreateDirectDebitInstructionAndScheduleInput
    ) -> CreateDirectDebitInstructionAndSchedule | None:
        # The viewer holds the new mandate: an account user, never an organisation (KT-CT-1128).
        viewer = info.context.viewer()
        number = info.context.account_number(input.account_number)
        details = input.direct_debit_instruction
        command = commands.CreateDirectDebitInstructionAndSchedule(
            account_number=number,
            ledger_number=input.ledger_number,
            bank_details=commands.BankDetails(
                account_holder=details.account_holder,
                sort_code=details.sort_code,
                account_number=details.account_number,
            ),
            payment_day=input.payment_day,
            account_user_id=str(viewer.id),
            payment_amount=given(input.payment_amount),
        )
        payments = info.context.contexts.payments
        instruction, schedule = await info.context.call(payments.create_direct_debit_instruction_and_schedule, command)
        return CreateDirectDebitInstructionAndSchedule(
            payment_instruction=PaymentInstructionType.of(instruction),
            payment_schedule=PaymentScheduleType.of(schedule),
        )
