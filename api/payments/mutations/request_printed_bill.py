"""requestPrintedBill: an issued bill printed and posted to the account's billing address."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.payments.inputs import (
    RequestPrintedBillInput,
)
from api.payments.types import (
    RequestPrintedBill,
)
from domain.payments import commands
from domain.payments.errors import (
    BillNotIssued,
    PrintedBillAccessDenied,
)
from domain.shared.catalogue import (
    AccountAccessDenied,
    InputInvalid,
)


@strawberry.type
class RequestPrintedBillMutation:
    @kraken_mutation(
        errors=(PrintedBillAccessDenied, BillNotIssued),
        auth=True,
        codes={AccountAccessDenied: PrintedBillAccessDenied},
        # The seed lists no validation code for it: Kraken's generic one.
        invalid=InputInvalid,
        description="Request an issued bill to be printed and (re)posted to billing address of the account.",
    )
    async def request_printed_bill(
        self, info: strawberry.Info[RequestContext, None], input: RequestPrintedBillInput
    ) -> RequestPrintedBill | None:
        number = info.context.account_number(input.account_number)
        command = commands.RequestPrintedBill(account_number=number, billing_document_id=str(input.billing_document_id))
        # The PrintRequested event is the outbox: the print worker renders the bill and queues it.
        await info.context.call(info.context.contexts.payments.request_printed_bill, command)
        return RequestPrintedBill(success=True)
