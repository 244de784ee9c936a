"""The payments context's mutations about printed bills: posting an issued billing document again."""

from __future__ import annotations

import strawberry

from api.mutation import pending_mutation
from api.payments.inputs import (
    RequestPrintedBillInput,
)
from api.payments.types import (
    RequestPrintedBill,
)
from domain.payments.errors import (
    BillNotIssued,
    PrintedBillAccessDenied,
)
from domain.shared.catalogue import (
    AuthorizationHeaderMissing,
    FieldDisabled,
    Unauthorized,
)


@strawberry.type
class BillMutations:
    request_printed_bill = pending_mutation(
        args={"input": RequestPrintedBillInput},
        payload=RequestPrintedBill | None,
        errors=(PrintedBillAccessDenied, BillNotIssued, FieldDisabled, Unauthorized, AuthorizationHeaderMissing),
        auth=True,
        description="Request an issued bill to be printed and (re)posted to billing address of the account.",
    )
