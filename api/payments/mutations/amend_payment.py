"""amendPayment: a new amount or date for a payment not yet submitted."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.payments.inputs import (
    AmendPaymentInput,
    given,
)
from api.payments.types import (
    AccountPaymentType,
    AmendPayment,
)
from domain.payments import commands
from domain.payments.errors import AmountInvalid, PaymentAmendmentAccessDenied, PaymentCollectionDataInvalid
from domain.shared.catalogue import (
    AccountAccessDenied,
    InputInvalid,
)


@strawberry.type
class AmendPaymentMutation:
    @kraken_mutation(
        errors=(
            PaymentAmendmentAccessDenied,
            AccountAccessDenied,
        ),
        auth=True,
        codes={AmountInvalid: PaymentAmendmentAccessDenied, PaymentCollectionDataInvalid: PaymentAmendmentAccessDenied},
        # The seed lists no validation code for it: Kraken's generic one.
        invalid=InputInvalid,
        description="Amend an existing payment.",
    )
    async def amend_payment(
        self, info: strawberry.Info[RequestContext, None], input: AmendPaymentInput
    ) -> AmendPayment | None:
        number = info.context.account_number(input.account_number)
        command = commands.AmendPayment(
            account_number=number,
            payment_id=input.payment_id,
            amount=input.amount,
            payment_date=input.payment_date,
            reason=given(input.reason) or "",
        )
        payments = info.context.contexts.payments
        payment = await info.context.call(payments.amend_payment, command)
        return AmendPayment(payment=AccountPaymentType.of(payment, payments.clock.now().date()))
