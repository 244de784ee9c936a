"""updatePaymentSchedule: changes a current or future schedule's payment day or amount."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.payments.inputs import (
    UpdatePaymentScheduleInput,
    given,
)
from api.payments.types import (
    PaymentScheduleType,
    UpdatePaymentSchedule,
)
from domain.payments import commands
from domain.payments.errors import (
    AmountInvalid,
    PaymentDayInvalid,
    PaymentScheduleChangeMissing,
    PaymentScheduleDataInvalid,
    PaymentScheduleNotFound,
    PaymentScheduleSaveFailed,
    PlanPaymentScheduleNotEditable,
)
from domain.shared.catalogue import (
    AccountAccessDenied,
    AccountUserRequired,
    Unauthorized,
)


@strawberry.type
class UpdatePaymentScheduleMutation:
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
        codes={AccountAccessDenied: Unauthorized, AmountInvalid: PaymentScheduleDataInvalid},
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
        return UpdatePaymentSchedule(payment_schedule=PaymentScheduleType.of(schedule))
