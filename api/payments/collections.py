"""The payments context's mutations about collecting payments: one-off collections, amendments and standalone payments."""

from __future__ import annotations

import strawberry

from api.mutation import pending_mutation
from api.payments.inputs import (
    AmendPaymentInput,
    CollectPaymentInput,
    InitiateHostedStandalonePaymentInput,
    InitiateStandalonePaymentInput,
)
from api.payments.types import (
    AmendPayment,
    CollectPayment,
    InitiateHostedStandalonePayment,
    InitiateStandalonePayment,
)
from domain.payments.errors import (
    CollectionMethodMissing,
    HostedPaymentLedgerNotIdentified,
    LedgerAccessDenied,
    LedgerIdAndNumberBothGiven,
    LedgerNotIdentified,
    PaymentAccountAccessDenied,
    PaymentAmendmentAccessDenied,
    PaymentCollectionDataInvalid,
    PaymentLedgerNotFound,
)
from domain.shared.catalogue import (
    AccountAccessDenied,
    AccountUserRequired,
    AuthorizationHeaderMissing,
    FieldDisabled,
    Unauthorized,
)


@strawberry.type
class CollectionMutations:
    collect_payment = pending_mutation(
        args={"input": CollectPaymentInput},
        payload=CollectPayment | None,
        errors=(
            PaymentCollectionDataInvalid,
            LedgerIdAndNumberBothGiven,
            LedgerNotIdentified,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Attempt to collect a one-off payment. If an instruction type is provided and there is an existing payment instruction, the payment can be collected immediately. A request to collect a payment at a future date can also be made, in which case the instruction input type is not necessary, but an instruction must exist at the specified collection date for the payment to be collected successfully.",
    )

    amend_payment = pending_mutation(
        args={"input": AmendPaymentInput},
        payload=AmendPayment | None,
        errors=(
            PaymentAmendmentAccessDenied,
            AccountAccessDenied,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Amend an existing payment.",
    )

    initiate_standalone_payment = pending_mutation(
        args={"input": InitiateStandalonePaymentInput},
        payload=InitiateStandalonePayment | None,
        errors=(
            LedgerIdAndNumberBothGiven,
            PaymentAccountAccessDenied,
            LedgerAccessDenied,
            PaymentLedgerNotFound,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Initiate a standalone payment and return the client secret required to complete it.",
    )

    initiate_hosted_standalone_payment = pending_mutation(
        args={"input": InitiateHostedStandalonePaymentInput},
        payload=InitiateHostedStandalonePayment | None,
        errors=(
            AccountUserRequired,
            LedgerAccessDenied,
            PaymentLedgerNotFound,
            CollectionMethodMissing,
            HostedPaymentLedgerNotIdentified,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Initiate a standalone payment and return the url where the customer can complete it.",
    )
