"""updateAutoTopUpAmount: a new amount for the ledger's balance-triggered top-up schedule."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.payments.inputs import (
    UpdateAutoTopUpAmountInput,
    given,
)
from api.payments.types import (
    PaymentScheduleType,
    UpdateAutoTopUpAmount,
)
from domain.payments import commands
from domain.payments.errors import (
    ActivePaymentScheduleNotFound,
    AmountInvalid,
    LedgerAccessDenied,
    LedgerIdAndNumberBothGiven,
    LedgerNotFound,
    LedgerNotIdentified,
    PaymentInstructionUnexpectedError,
    PaymentScheduleDataInvalid,
    PaymentScheduleSaveFailed,
    ScheduleNotBalanceTriggered,
)
from domain.shared.catalogue import (
    AccountAccessDenied,
)


@strawberry.type
class UpdateAutoTopUpAmountMutation:
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
        codes={
            AccountAccessDenied: LedgerAccessDenied,
            LedgerNotFound: LedgerAccessDenied,
            AmountInvalid: PaymentScheduleDataInvalid,
        },
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
        return UpdateAutoTopUpAmount(schedule=PaymentScheduleType.of(schedule))
