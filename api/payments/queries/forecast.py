"""What a ledger will collect from today on (`account { paginatedPaymentForecast }`), in date order.

The forecast is not stored: it is worked out per request from the schedules and payments read models
(projections/payments/schedules.py `forecast`), up to the date asked for.
"""

from __future__ import annotations

import datetime
from typing import Any

import strawberry

from api.payments.queries.account_ledgers import ledgers_of
from api.payments.types import ScheduleType
from api.shared.connections import Connection, window_of
from domain.payments.ledger import LedgerKind
from projections.pages import Page
from projections.payments.schedules import FORECAST_MONTHS, MAX_FORECAST_MONTHS, add_months, window_of_list

FORECAST = "paginatedPaymentForecast"


@strawberry.type
class PaymentForecastType:
    payment_number: int | None = strawberry.field(
        description="The payment's place in the forecast from today: 1 for the next payment.", default=None
    )
    date: datetime.date | None = None
    amount: int | None = None
    method: ScheduleType | None = strawberry.field(
        description="The payment method used for the forecasted payment.", default=None
    )


@strawberry.type(name="PaymentForecastConnectionTypeEdge")
class PaymentForecastEdge:
    node: PaymentForecastType | None = strawberry.field(description="The item at the end of the edge")
    cursor: str = strawberry.field(description="A cursor for use in pagination")


@strawberry.type(name="PaymentForecastConnectionTypeConnection")
class PaymentForecastConnection(Connection):
    edges: list[PaymentForecastEdge | None] = strawberry.field(description="Contains the nodes in this connection.")


def _node(row: dict[str, Any]) -> PaymentForecastType:
    payment = row["forecast"]
    return PaymentForecastType(
        payment_number=row["payment_number"],
        date=payment.day,
        amount=payment.amount,
        method=ScheduleType(payment.method) if payment.method else None,
    )


async def payment_forecast(
    info: strawberry.Info,
    account_number: str,
    date_to: datetime.date | None,
    ledger_id: int | None,
    before: str | None,
    after: str | None,
    first: int | None,
    last: int | None,
) -> PaymentForecastConnection:
    window = window_of(FORECAST, (str, int, int), info.context.settings.max_page_size, first, after, last, before)
    today = info.context.contexts.payments.clock.now().date()
    until = min(date_to or add_months(today, FORECAST_MONTHS), add_months(today, MAX_FORECAST_MONTHS))
    ledgers = await ledgers_of(info, account_number)
    numbers = [
        row["number"]
        for row in ledgers
        if (row["id"] == ledger_id if ledger_id is not None else row["kind"] == LedgerKind.MAIN.value)
    ]
    forecasts = info.context.contexts.read.schedules.forecasts
    # A ledger that is not the account's forecasts nothing.
    payments = await info.context.loader(forecasts, today, until).load(numbers[0]) if numbers else []
    rows = [{"forecast": payment, "payment_number": place} for place, payment in enumerate(payments, start=1)]
    page: Page = window_of_list(rows, [payment.key for payment in payments], window)

    async def counted() -> int:
        return len(rows)

    return PaymentForecastConnection.paged(FORECAST, page, _node, PaymentForecastEdge, counted)
