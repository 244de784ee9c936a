"""initiateStandalonePayment: a payment the customer completes in the provider's embedded form."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.payments.inputs import (
    InitiateStandalonePaymentInput,
    given,
)
from api.payments.types import (
    InitiateStandalonePayment,
    InitiateStandalonePaymentOutput,
)
from domain.payments import commands
from domain.payments.errors import (
    AmountInvalid,
    LedgerAccessDenied,
    LedgerIdAndNumberBothGiven,
    LedgerNotFound,
    PaymentAccountAccessDenied,
    PaymentCollectionDataInvalid,
)
from domain.shared.catalogue import (
    AccountAccessDenied,
    InputInvalid,
)


@strawberry.type
class InitiateStandalonePaymentMutation:
    @kraken_mutation(
        errors=(
            LedgerIdAndNumberBothGiven,
            PaymentAccountAccessDenied,
            LedgerAccessDenied,
            LedgerNotFound,
            # Beyond the seed's list: an amount outside 1..the payment amount limit, or one the
            # ledger has no room for, as collectPayment refuses it.
            PaymentCollectionDataInvalid,
        ),
        auth=True,
        codes={AccountAccessDenied: PaymentAccountAccessDenied, AmountInvalid: PaymentCollectionDataInvalid},
        # Its seed's validation codes say which ledger to use, not that an input is malformed.
        invalid=InputInvalid,
        description="Initiate a standalone payment and return the client secret required to complete it.",
    )
    async def initiate_standalone_payment(
        self, info: strawberry.Info[RequestContext, None], input: InitiateStandalonePaymentInput
    ) -> InitiateStandalonePayment | None:
        number = info.context.account_number(input.account_number)
        command = commands.InitiateStandalonePayment(
            account_number=number,
            amount=input.amount,
            description=input.description,
            collection_method=input.collection_method.value if input.collection_method else None,
            ledger_id=given(input.ledger_id),
            ledger_number=given(input.ledger_number),
        )
        started = await info.context.call(info.context.contexts.payments.initiate_standalone_payment, command)
        return InitiateStandalonePayment(
            payment=InitiateStandalonePaymentOutput(
                retrieval_token=started.retrieval_token, secret_token=started.client_secret
            )
        )
