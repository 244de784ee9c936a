"""The payment forecast, worked out from read-model rows: what a ledger's schedules and requested
payments will collect, following the scheduler's rules; and paging a list held in memory."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from projections.pages import Window
from projections.payments.schedules import add_months, forecast, payment_dates, window_of_list

TODAY = date(2026, 1, 15)


def fixed(
    schedule_id: int, day: int, valid_from: str, valid_to: str | None = None, amount: int = 5000
) -> dict[str, Any]:
    return {
        "schedule_id": schedule_id,
        "kind": "FIXED",
        "payment_day": day,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "amount": amount,
        "schedule_type": "DIRECT_DEBIT",
    }


def top_up(schedule_id: int, valid_from: str) -> dict[str, Any]:
    return {
        "schedule_id": schedule_id,
        "kind": "BALANCE_TRIGGERED",
        "payment_day": None,
        "valid_from": valid_from,
        "valid_to": None,
        "amount": 2000,
        "schedule_type": "CARD_PAYMENT",
    }


def requested(number: int, day: str, amount: int, method: str | None = "DIRECT_DEBIT") -> dict[str, Any]:
    return {"number": number, "payment_date": day, "amount": amount, "collection_method": method}


def days(schedules: list, until: date, collected: set[str] | None = None, payments: list | None = None) -> list:
    return [
        (f.day.isoformat(), f.amount) for f in forecast(schedules, collected or set(), payments or [], TODAY, until)
    ]


def test_a_fixed_schedule_collects_once_a_month_on_its_payment_day_up_to_the_last_day_asked_for() -> None:
    assert days([fixed(1, 20, "2026-01-20")], date(2026, 4, 20)) == [
        ("2026-01-20", 5000),
        ("2026-02-20", 5000),
        ("2026-03-20", 5000),
        ("2026-04-20", 5000),
    ]
    assert days([fixed(1, 20, "2026-01-20")], date(2026, 4, 19))[-1] == ("2026-03-20", 5000)


def test_a_schedule_starting_after_its_payment_day_first_collects_the_next_month() -> None:
    assert days([fixed(1, 20, "2026-01-25")], date(2026, 3, 1)) == [("2026-02-20", 5000)]


def test_a_schedule_collects_nothing_after_its_last_day_and_one_replaced_before_it_started_nothing_at_all() -> None:
    assert days([fixed(1, 20, "2026-01-01", valid_to="2026-02-19")], date(2026, 6, 1)) == [("2026-01-20", 5000)]
    assert days([fixed(1, 20, "2026-03-01", valid_to="2026-02-28")], date(2026, 6, 1)) == []


def test_this_month_s_payment_taken_already_is_not_forecast_again() -> None:
    assert days([fixed(1, 20, "2025-12-20")], date(2026, 2, 28), collected={"2026-01"}) == [("2026-02-20", 5000)]


def test_a_payment_day_passed_this_month_without_its_payment_is_collected_today() -> None:
    # The scheduler takes a payment it missed on the next day it runs, while the schedule is valid.
    assert days([fixed(1, 10, "2025-12-10")], date(2026, 2, 28)) == [("2026-01-15", 5000), ("2026-02-10", 5000)]
    assert days([fixed(1, 10, "2025-12-10", valid_to="2026-01-14")], date(2026, 2, 28)) == []


def test_a_ledger_collects_one_fixed_payment_a_month_when_a_schedule_replaces_another() -> None:
    # The old schedule collects on the 10th of March and ends on the 14th; the new one starts on the
    # 15th, and its March payment day (the 20th) finds March collected already.
    schedules = [fixed(1, 10, "2025-12-10", valid_to="2026-03-14"), fixed(2, 20, "2026-03-15", amount=7000)]
    assert days(schedules, date(2026, 4, 30))[-3:] == [
        ("2026-02-10", 5000),
        ("2026-03-10", 5000),
        ("2026-04-20", 7000),
    ]


def test_a_balance_triggered_schedule_is_not_forecast() -> None:
    assert days([top_up(1, "2026-01-01")], date(2026, 12, 31)) == []


def test_requested_payments_are_forecast_on_their_day_before_a_schedule_s_payment_of_the_same_day() -> None:
    payments = [requested(7, "2026-02-20", 1234), requested(8, "2026-01-16", 99, method="CARD")]
    found = forecast([fixed(1, 20, "2026-01-20")], set(), payments, TODAY, date(2026, 2, 28))
    assert [(f.day.isoformat(), f.amount, f.method) for f in found] == [
        ("2026-01-16", 99, "CARD_PAYMENT"),
        ("2026-01-20", 5000, "DIRECT_DEBIT"),
        ("2026-02-20", 1234, "DIRECT_DEBIT"),
        ("2026-02-20", 5000, "DIRECT_DEBIT"),
    ]
    assert [f.key for f in found] == [
        ("2026-01-16", 0, 8),
        ("2026-01-20", 1, 1),
        ("2026-02-20", 0, 7),
        ("2026-02-20", 1, 1),
    ]


def test_requested_payments_outside_today_to_the_last_day_are_not_forecast() -> None:
    payments = [requested(1, "2026-01-14", 10), requested(2, "2026-03-01", 20), requested(3, "2026-01-15", 30)]
    assert days([], date(2026, 2, 28), payments=payments) == [("2026-01-15", 30)]


def test_payment_dates_and_months() -> None:
    assert payment_dates(date(2026, 1, 15), None, 3, date(2026, 4, 3)) == [
        date(2026, 2, 3),
        date(2026, 3, 3),
        date(2026, 4, 3),
    ]
    assert payment_dates(date(2026, 1, 3), date(2026, 2, 2), 3, date(2027, 1, 1)) == [date(2026, 1, 3)]
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 14) == date(2028, 1, 15)


ROWS = [{"n": n} for n in range(1, 6)]
KEYS = [("2026-01-20", 1, n) for n in range(1, 6)]


@pytest.mark.parametrize(
    ("window", "expected", "has_next", "has_previous"),
    [
        (Window(size=2), [1, 2], True, False),
        (Window(size=2, after=KEYS[1]), [3, 4], True, True),
        (Window(size=2, after=KEYS[3]), [5], False, True),
        (Window(size=10), [1, 2, 3, 4, 5], False, False),
        (Window(size=2, backwards=True), [4, 5], False, True),
        (Window(size=2, before=KEYS[2], backwards=True), [1, 2], True, False),
        (Window(size=1, before=KEYS[4], backwards=True), [4], True, True),
        (Window(size=5, after=KEYS[0], before=KEYS[3]), [2, 3], False, True),
        (Window(size=0), [], True, False),
        (Window(size=2, after=("2026-01-20", 1, 9)), [], False, True),
    ],
)
def test_a_list_in_memory_is_paged_as_a_table_is(
    window: Window, expected: list[int], has_next: bool, has_previous: bool
) -> None:
    page = window_of_list(ROWS, KEYS, window)
    assert [row["n"] for row in page.rows] == expected
    assert page.keys == [KEYS[n - 1] for n in expected]
    assert (page.has_next, page.has_previous) == (has_next, has_previous)


def test_an_empty_list_has_an_empty_page() -> None:
    page = window_of_list([], [], Window(size=3))
    assert (page.rows, page.has_next, page.has_previous) == ([], False, False)
