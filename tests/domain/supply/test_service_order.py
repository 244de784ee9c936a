"""The ServiceOrder aggregate: a meter application through its statuses."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.supply.service_order import ServiceOrder, ServiceOrderClosed, ServiceOrderKind, ServiceOrderStatus
from tests.helpers import refused

AT = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)


def application(notes: str = "Stop tap under the sink") -> ServiceOrder:
    return ServiceOrder.raise_order(
        "2000001", ServiceOrderKind.METER_APPLICATION, "1234567", "A-1", notes, "user:ada", at=AT
    )


def test_an_application_is_raised_pending_then_a_survey_puts_it_in_progress_and_a_meter_completes_it() -> None:
    order = application()
    assert (order.status, order.notes, order.is_open) == (ServiceOrderStatus.PENDING, "Stop tap under the sink", True)
    order.book_survey(date(2026, 1, 20), "ops:cli", at=AT)
    assert (order.status, order.survey_on) == (ServiceOrderStatus.IN_PROGRESS, date(2026, 1, 20))
    order.complete(date(2026, 1, 22), at=AT)
    assert (order.status, order.is_open, order.closed_at) == (ServiceOrderStatus.COMPLETED, False, AT)


@pytest.mark.parametrize("close", ["cancel", "close_not_practicable"])
def test_a_closed_order_cannot_move(close: str) -> None:
    order = application()
    getattr(order, close)("No access", "ops:cli", at=AT)
    assert order.status in {ServiceOrderStatus.CANCELLED, ServiceOrderStatus.NOT_PRACTICABLE}
    assert order.closing_reason == "No access"
    with pytest.raises(ServiceOrderClosed):
        order.book_survey(date(2026, 1, 20), "ops:cli", at=AT)
    with pytest.raises(ServiceOrderClosed):
        order.complete(date(2026, 1, 20), at=AT)


def test_notes_are_bounded() -> None:
    refused("KT-CT-4321", application, "x" * 501)
