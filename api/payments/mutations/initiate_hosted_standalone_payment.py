"""initiateHostedStandalonePayment: a payment the customer completes on the provider's hosted page."""

from __future__ import annotations

from urllib.parse import quote, urlencode

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.payments.inputs import (
    InitiateHostedStandalonePaymentInput,
    given,
)
from api.payments.types import (
    InitiateHostedStandalonePayment,
    InitiateHostedStandalonePaymentOutput,
)
from domain.payments import commands
from domain.payments.errors import (
    AmountInvalid,
    CollectionMethodMissing,
    HostedPaymentLedgerNotIdentified,
    LedgerAccessDenied,
    LedgerNotFound,
    PaymentCollectionDataInvalid,
)
from domain.shared.catalogue import (
    AccountAccessDenied,
    AccountUserRequired,
    InputInvalid,
)


@strawberry.type
class InitiateHostedStandalonePaymentMutation:
    @kraken_mutation(
        errors=(
            AccountUserRequired,
            LedgerAccessDenied,
            LedgerNotFound,
            CollectionMethodMissing,
            HostedPaymentLedgerNotIdentified,
            # Beyond the seed's list, as for initiateStandalonePayment.
            PaymentCollectionDataInvalid,
        ),
        auth=True,
        codes={AccountAccessDenied: LedgerAccessDenied, AmountInvalid: PaymentCollectionDataInvalid},
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
