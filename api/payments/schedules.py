"""The payments context's mutations about payment schedules: fixed amounts on a payment day, and balance-triggered top-ups."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.payments.inputs import (
    CreateAccountPaymentScheduleInput,
    CreateDirectDebitInstructionAndScheduleInput,
    CreateDirectDebitPaymentScheduleInput,
    UpdateAutoTopUpAmountInput,
    UpdatePaymentScheduleInput,
    given,
)
from api.payments.instructions import payment_instruction
from api.payments.types import (
    CreateAccountPaymentSchedule,
    CreateDirectDebitInstructionAndSchedule,
    CreateDirectDebitPaymentSchedule,
    PaymentFrequencyOptions,
    PaymentScheduleReasonOptions,
    PaymentScheduleType,
    ScheduleType,
    UpdateAutoTopUpAmount,
    UpdatePaymentSchedule,
)
from domain.payments import commands
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
from domain.payments.payment_schedule import Schedule, ScheduleKind
from domain.shared.catalogue import (
    AccountAccessDenied,
    AccountUserRequired,
    Unauthorized,
)


def payment_schedule(schedule: Schedule) -> PaymentScheduleType:
    """A schedule as Kraken shows it. A top-up is taken whenever the balance runs low: it has no
    payment day and no frequency, and what it adds up to is variable."""
    fixed = schedule.kind is ScheduleKind.FIXED
    return PaymentScheduleType(
        id=strawberry.ID(str(schedule.id)),
        valid_from=schedule.valid_from,
        valid_to=schedule.valid_to,
        reason=PaymentScheduleReasonOptions(schedule.reason.value),
        payment_holiday_reason="",
        payment_day=schedule.payment_day,
        payment_frequency=PaymentFrequencyOptions.Monthly if fixed else None,
        payment_frequency_multiplier=1,
        payment_amount=schedule.amount,
        is_variable_payment_amount=schedule.is_variable_payment_amount,
        is_payment_holiday=False,
        schedule_type=ScheduleType(schedule.schedule_type.value),
    )


@strawberry.type
class ScheduleMutations:
    @kraken_mutation(
        errors=(
            ActivePaymentScheduleNotFound,
            LedgerAccessDenied,
            PaymentScheduleAccessDenied,
            PaymentScheduleDataInvalid,
            PaymentScheduleSaveFailed,
            PaymentInstructionUnexpectedError,
            PaymentDayInvalid,
            PlanPaymentScheduleNotEditable,
            PaymentScheduleChangeMissing,
        ),
        auth=True,
        codes={AccountAccessDenied: PaymentScheduleAccessDenied},
        invalid=PaymentScheduleDataInvalid,
        description="Replace an existing payment schedule with a new one that updates either the payment amount or payment day.",
    )
    async def create_account_payment_schedule(
        self, info: strawberry.Info[RequestContext, None], input: CreateAccountPaymentScheduleInput
    ) -> CreateAccountPaymentSchedule | None:
        number = info.context.account_number(input.account_number)
        command = commands.CreateAccountPaymentSchedule(
            account_number=number,
            ledger_number=input.ledger_number,
            payment_day=given(input.payment_day),
            payment_amount=given(input.payment_amount),
        )
        schedule = await info.context.call(info.context.contexts.payments.create_account_payment_schedule, command)
        return CreateAccountPaymentSchedule(schedule=payment_schedule(schedule))

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
        codes={AccountAccessDenied: Unauthorized},
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
            payment_instruction=payment_instruction(instruction), payment_schedule=payment_schedule(schedule)
        )

    @kraken_mutation(
        errors=(
            AccountUserRequired,
            PaymentScheduleInputInvalid,
            FuturePaymentScheduleExists,
            PaymentScheduleWithoutPayments,
        ),
        auth=True,
        codes={AccountAccessDenied: Unauthorized},
        invalid=PaymentScheduleInputInvalid,
        description="Create direct debit payment schedule",
    )
    async def create_direct_debit_payment_schedule(
        self, info: strawberry.Info[RequestContext, None], input: CreateDirectDebitPaymentScheduleInput
    ) -> CreateDirectDebitPaymentSchedule | None:
        info.context.viewer()
        number = info.context.account_number(input.account_number)
        command = commands.CreateDirectDebitPaymentSchedule(
            account_number=number,
            ledger_number=input.ledger_number,
            payment_day=input.payment_day,
            payment_amount=given(input.payment_amount),
        )
        schedule = await info.context.call(info.context.contexts.payments.create_direct_debit_payment_schedule, command)
        return CreateDirectDebitPaymentSchedule(payment_schedule=payment_schedule(schedule))

    # Beyond the seed's list: a bad or missing paymentDay/paymentAmount, or a plan's schedule,
    # answer with the codes createAccountPaymentSchedule uses for the same refusals.
    @kraken_mutation(
        errors=(
            AccountUserRequired,
            PaymentScheduleNotFound,
            PaymentScheduleSaveFailed,
            PaymentScheduleChangeMissing,
            PaymentDayInvalid,
            PaymentScheduleDataInvalid,
            PlanPaymentScheduleNotEditable,
        ),
        auth=True,
        codes={AccountAccessDenied: Unauthorized},
        invalid=PaymentScheduleDataInvalid,
        description="Update a payment schedule for an account.",
    )
    async def update_payment_schedule(
        self, info: strawberry.Info[RequestContext, None], input: UpdatePaymentScheduleInput
    ) -> UpdatePaymentSchedule | None:
        info.context.viewer()
        number = info.context.account_number(input.account_number)
        command = commands.UpdatePaymentSchedule(
            account_number=number,
            payment_schedule_id=str(input.payment_schedule_id),
            payment_day=given(input.payment_day),
            payment_amount=given(input.payment_amount),
        )
        schedule = await info.context.call(info.context.contexts.payments.update_payment_schedule, command)
        return UpdatePaymentSchedule(payment_schedule=payment_schedule(schedule))

    @kraken_mutation(
        errors=(
            ActivePaymentScheduleNotFound,
            PaymentScheduleDataInvalid,
            PaymentScheduleSaveFailed,
            PaymentInstructionUnexpectedError,
            ScheduleNotBalanceTriggered,
            LedgerIdAndNumberBothGiven,
            LedgerNotIdentified,
            LedgerAccessDenied,
        ),
        auth=True,
        codes={AccountAccessDenied: LedgerAccessDenied},
        invalid=PaymentScheduleDataInvalid,
        description="Change the auto top up amount for the payment schedule.",
    )
    async def update_auto_top_up_amount(
        self, info: strawberry.Info[RequestContext, None], input: UpdateAutoTopUpAmountInput
    ) -> UpdateAutoTopUpAmount | None:
        number = info.context.account_number(input.account_number)
        ledger_id = given(input.ledger_id)
        command = commands.UpdateAutoTopUpAmount(
            account_number=number,
            payment_amount=input.payment_amount,
            ledger_id=None if ledger_id is None else str(ledger_id),
            ledger_number=given(input.ledger_number),
        )
        schedule = await info.context.call(info.context.contexts.payments.update_auto_top_up_amount, command)
        return UpdateAutoTopUpAmount(schedule=payment_schedule(schedule))
