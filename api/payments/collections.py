"""The payments context's mutations about collecting payments: one-off collections, amendments and standalone payments."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote, urlencode

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.payments.inputs import (
    AmendPaymentInput,
    CollectPaymentInput,
    InitiateHostedStandalonePaymentInput,
    InitiateStandalonePaymentInput,
    given,
)
from api.payments.types import (
    AccountPaymentStatusOptions,
    AccountPaymentTransactionTypeChoices,
    AccountPaymentType,
    AmendPayment,
    CollectPayment,
    InitiateHostedStandalonePayment,
    InitiateHostedStandalonePaymentOutput,
    InitiateStandalonePayment,
    InitiateStandalonePaymentOutput,
)
from api.scalars import BigInt
from domain.payments import commands
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
from domain.payments.payment import Payment, PaymentStatus
from domain.shared.catalogue import (
    AccountAccessDenied,
    AccountUserRequired,
    InputInvalid,
    Unauthorized,
)

# Kraken's wire status of a payment (see the cross-context contract in the payments brief).
_WIRE_STATUS = {
    PaymentStatus.SUBMITTED: AccountPaymentStatusOptions.PENDING,
    PaymentStatus.SUCCEEDED: AccountPaymentStatusOptions.CLEARED,
    PaymentStatus.FAILED: AccountPaymentStatusOptions.FAILED,
    PaymentStatus.CANCELLED: AccountPaymentStatusOptions.DELETED,
}


def account_payment(payment: Payment, today: date) -> AccountPaymentType:
    status = _WIRE_STATUS.get(payment.status)
    if status is None:
        waiting = payment.payment_date > today
        status = AccountPaymentStatusOptions.SCHEDULED if waiting else AccountPaymentStatusOptions.REQUESTED
    method = payment.instruction_type or payment.collection_method
    return AccountPaymentType(
        id=strawberry.ID(str(payment.number)),
        amount=BigInt(payment.amount),
        payment_date=payment.payment_date,
        reference=payment.reference or "",
        transaction_type=AccountPaymentTransactionTypeChoices.DD_REGULAR_COLLECTION
        if method == "DIRECT_DEBIT"
        else None,
        status=status,
    )


def _hosted_url(base: str, retrieval_token: str, input: InitiateHostedStandalonePaymentInput) -> str:
    """The hosted payment page, with where to send the customer back after each outcome."""
    returns = {
        outcome: url
        for outcome, url in (
            ("success", input.return_url_success),
            ("pending", input.return_url_pending),
            ("failure", input.return_url_failure),
            ("error", input.return_url_error),
            ("cancel", input.return_url_cancel),
            ("expired", input.return_url_expired),
        )
        if given(url)
    }
    page = f"{base.rstrip('/')}/payments/hosted/{quote(retrieval_token)}"
    return f"{page}?{urlencode(returns)}" if returns else page


@strawberry.type
class CollectionMutations:
    @kraken_mutation(
        errors=(
            PaymentCollectionDataInvalid,
            LedgerIdAndNumberBothGiven,
            LedgerNotIdentified,
        ),
        auth=True,
        codes={AccountAccessDenied: Unauthorized},
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
        return CollectPayment(payment=account_payment(payment, payments.clock.now().date()))

    @kraken_mutation(
        errors=(
            PaymentAmendmentAccessDenied,
            AccountAccessDenied,
        ),
        auth=True,
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
        return AmendPayment(payment=account_payment(payment, payments.clock.now().date()))

    @kraken_mutation(
        errors=(
            LedgerIdAndNumberBothGiven,
            PaymentAccountAccessDenied,
            LedgerAccessDenied,
            PaymentLedgerNotFound,
            # Beyond the seed's list: an amount outside 1..the payment amount limit, or one the
            # ledger has no room for, as collectPayment refuses it.
            PaymentCollectionDataInvalid,
        ),
        auth=True,
        codes={AccountAccessDenied: PaymentAccountAccessDenied},
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

    @kraken_mutation(
        errors=(
            AccountUserRequired,
            LedgerAccessDenied,
            PaymentLedgerNotFound,
            CollectionMethodMissing,
            HostedPaymentLedgerNotIdentified,
            # Beyond the seed's list, as for initiateStandalonePayment.
            PaymentCollectionDataInvalid,
        ),
        auth=True,
        codes={AccountAccessDenied: LedgerAccessDenied},
        # Its seed's validation codes say what is missing, not that an input is malformed.
        invalid=InputInvalid,
        description="Initiate a standalone payment and return the url where the customer can complete it.",
    )
    async def initiate_hosted_standalone_payment(
        self, info: strawberry.Info[RequestContext, None], input: InitiateHostedStandalonePaymentInput
    ) -> InitiateHostedStandalonePayment | None:
        # The customer pays on the page themselves: an account user's token only (KT-CT-1128).
        info.context.viewer()
        # Every ledger of an account the viewer may not act on is refused as that ledger (KT-CT-3822).
        number = info.context.account_number(input.account_number)
        command = commands.InitiateHostedStandalonePayment(
            account_number=number,
            amount=input.amount,
            description=input.description,
            collection_method=input.collection_method.value if input.collection_method else None,
            ledger_id=given(input.ledger_id),
            ledger_number=given(input.ledger_number),
        )
        started = await info.context.call(info.context.contexts.payments.initiate_hosted_standalone_payment, command)
        url = _hosted_url(info.context.settings.public_url, started.retrieval_token, input)
        return InitiateHostedStandalonePayment(
            payment=InitiateHostedStandalonePaymentOutput(retrieval_token=started.retrieval_token, url=url)
        )
