"""A standalone payment found by its retrieval token (`standalonePayment(retrievalToken)`), as the
hosted payment page and a client polling for the outcome read it.

The token is a bearer secret, handed only to whoever initiated the payment: holding it is the
permission to see that one payment, so no login is asked for. Only its digest is stored; the query
digests what it is given and looks that up (an indexed equality, which takes as long whether or not
the token is known), and an unknown token is answered null, with nothing said about why.
"""

from __future__ import annotations

import datetime

import strawberry

from api.payments.queries.payments import status_of, today
from api.payments.types import AccountPaymentStatusOptions
from api.scalars import BigInt
from domain.shared.digests import digest


@strawberry.type
class StandalonePaymentType:
    id: strawberry.ID
    amount: BigInt = strawberry.field(description="Amount of payment in pence")
    payment_date: datetime.date = strawberry.field(description="The date the payment was initiated.")
    status: AccountPaymentStatusOptions | None = strawberry.field(
        description="The current status of the payment", default=None
    )
    reference: str | None = strawberry.field(
        description="The payment provider's reference, once the customer has paid.", default=None
    )
    account_number: str = strawberry.field(description="The account the payment is made to.")
    ledger_number: str = strawberry.field(description="The ledger the payment is credited to.")


async def standalone_payment(info: strawberry.Info, retrieval_token: str) -> StandalonePaymentType | None:
    payments = info.context.contexts.read.payments
    row = await info.context.call(payments.with_retrieval_token_digest, digest(retrieval_token))
    if row is None:
        return None
    return StandalonePaymentType(
        id=strawberry.ID(str(row["number"])),
        amount=BigInt(row["amount"]),
        payment_date=datetime.date.fromisoformat(row["payment_date"]),
        status=status_of(row, today(info)),
        reference=row["reference"],
        account_number=row["account_number"],
        ledger_number=row["ledger_number"],
    )
