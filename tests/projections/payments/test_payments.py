"""The payments read model's status filter is the domain's wire status read backwards: for every
status and payment date, a row is kept by the filter for exactly the status Kraken shows it as."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest

from domain.payments.payment import PaymentStatus, PaymentWireStatus, wire_status
from projections.payments.payments import status_filter

TODAY = date(2026, 1, 15)
DAYS = [TODAY - timedelta(days=1), TODAY, TODAY + timedelta(days=1)]


@pytest.mark.parametrize("wire", list(PaymentWireStatus))
def test_a_status_filter_keeps_the_rows_shown_as_that_status_today(wire: PaymentWireStatus) -> None:
    # given a row of every status on the day before, of and after today
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE payments (number INTEGER, status TEXT, payment_date TEXT)")
    rows = [(n, s.value, d.isoformat()) for n, (s, d) in enumerate((s, d) for s in PaymentStatus for d in DAYS)]
    db.executemany("INSERT INTO payments VALUES (?, ?, ?)", rows)
    # when
    where, params = status_filter(wire, TODAY)
    kept = {n for (n,) in db.execute(f"SELECT number FROM payments WHERE {where.replace('%s', '?')}", params)}
    # then
    shown = {n for n, s, d in rows if wire_status(PaymentStatus(s), date.fromisoformat(d), TODAY) is wire}
    assert kept == shown and kept
