"""collectPayment: a one-off payment collected today or on a future date."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.payments.inputs import (
    CollectPaymentInput,
    given,
)
from api.payments.types import (
    AccountPaymentType,
    CollectPayment,
)
from domain.payments import commands
from domain.payments.errors import (
    AmountInvalid,
    IdempotencyKeyReused,
    LedgerAccessDenied,
    LedgerIdAndNumberBothGiven,
    LedgerNotFound,
    LedgerNotIdentified,
    PaymentCollectionDataInvalid,
)
from domain.shared.catalogue import (
    AccountAccessDenied,
    Unauthorized,
)


@strawberry.type
class CollectPaymentMutation:
    @kraken_mutation(
        errors=(
            PaymentCollectionDataInvalid,
            LedgerIdAndNumberBothGiven,
            LedgerNotIdentified,
        ),
        auth=True,
        codes={
            AccountAccessDenied: Unauthorized,
            LedgerNotFound: PaymentCollectionDataInvalid,
            LedgerAccessDenied: PaymentCollectionDataInvalid,
            IdempotencyKeyReused: PaymentCollectionDataInvalid,
            AmountInvalid: PaymentCollectionDataInvalid,
        },
        invalid=PaymentCollectionDataInvalid,
        description="Attempt to collect a one-off payment. If an instruction type is provided and there is an existing payment instruction, the payment can be collected immediately. A request to collect a payment at a future date can also be made, in which case the instruction input type is not necessary, but an instruction must exist at the specified collection date for the payment to be collected successfully.",
    )
    async def collect_payment(
        self, info: strawberry.Info[RequestContext, None], input: CollectPaymentInput
    ) -> CollectPayment | None:
        # The seed lists no account-access code for collectPayment: another account is 1111.
        number = info.context.account_number(input.account_number)
        command = commands.CollectPayment(
            account_number=number,
            amount=input.amount,
            payment_date=input.payment_date,
            description=input.description,
            idempotency_key=input.idempotency_key,
            collection_method=input.collection_method.value if input.collection_method else None,
            ledger_id=given(input.ledger_id),
            ledger_number=given(input.ledger_number),
        )
        payments = info.context.contexts.payments
        payment = await info.context.call(payments.collect_payment, command)
        return CollectPayment(payment=AccountPaymentType.of(payment, payments.clock.now().date()))
