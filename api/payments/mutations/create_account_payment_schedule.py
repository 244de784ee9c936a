"""createAccountPaymentSchedule: replaces the active schedule, from today, with one of a new payment day or amount."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.payments.inputs import (
    CreateAccountPaymentScheduleInput,
    given,
)
from api.payments.types import (
    CreateAccountPaymentSchedule,
    PaymentScheduleType,
)
from domain.payments import commands
from domain.payments.errors import (
    ActivePaymentScheduleNotFound,
    AmountInvalid,
    LedgerAccessDenied,
    LedgerNotFound,
    PaymentDayInvalid,
    PaymentInstructionUnexpectedError,
    PaymentScheduleAccessDenied,
    PaymentScheduleChangeMissing,
    PaymentScheduleDataInvalid,
    PaymentScheduleSaveFailed,
    PlanPaymentScheduleNotEditable,
)
from domain.shared.catalogue import (
    AccountAccessDenied,
)


@strawberry.type
class CreateAccountPaymentScheduleMutation:
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
        codes={
            AccountAccessDenied: PaymentScheduleAccessDenied,
            LedgerNotFound: LedgerAccessDenied,
            AmountInvalid: PaymentScheduleDataInvalid,
        },
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
        return CreateAccountPaymentSchedule(schedule=PaymentScheduleType.of(schedule))
