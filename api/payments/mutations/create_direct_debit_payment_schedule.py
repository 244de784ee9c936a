"""createDirectDebitPaymentSchedule: a fixed schedule collected by the ledger's direct debit instruction."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.payments.inputs import (
    CreateDirectDebitPaymentScheduleInput,
    given,
)
from api.payments.types import (
    CreateDirectDebitPaymentSchedule,
    PaymentScheduleType,
)
from domain.payments import commands
from domain.payments.errors import (
    AmountInvalid,
    FuturePaymentScheduleExists,
    LedgerAccessDenied,
    LedgerNotFound,
    PaymentDayInvalid,
    PaymentScheduleInputInvalid,
    PaymentScheduleWithoutPayments,
)
from domain.shared.catalogue import (
    AccountAccessDenied,
    AccountUserRequired,
    Unauthorized,
)


@strawberry.type
class CreateDirectDebitPaymentScheduleMutation:
    @kraken_mutation(
        errors=(
            AccountUserRequired,
            PaymentScheduleInputInvalid,
            FuturePaymentScheduleExists,
            PaymentScheduleWithoutPayments,
        ),
        auth=True,
        codes={
            AccountAccessDenied: Unauthorized,
            LedgerNotFound: PaymentScheduleInputInvalid,
            LedgerAccessDenied: PaymentScheduleInputInvalid,
            PaymentDayInvalid: PaymentScheduleInputInvalid,
            AmountInvalid: PaymentScheduleInputInvalid,
        },
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
        return CreateDirectDebitPaymentSchedule(payment_schedule=PaymentScheduleType.of(schedule))
