"""The payments Ledger: credits only, balance in minor units, one ledger per account number."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.payments.ledger import Ledger, main_ledger_number

AT = datetime(2026, 5, 1, tzinfo=UTC)


def test_a_credit_raises_the_balance_and_records_what_caused_it() -> None:
    # given
    ledger = Ledger.open("A-ABCD2345", AT)
    # when
    ledger.credit(250, reason_code="LOYALTY_POINTS_REDEMPTION", source="loyalty:x@3", posted_at=AT)
    ledger.credit(50, reason_code="LOYALTY_POINTS_REDEMPTION", source="loyalty:x@4", posted_at=AT)
    # then
    events = ledger.collect_events()
    assert [type(e).__name__ for e in events] == ["Opened", "Credited", "Credited"]
    assert [e.balance_carried_forward for e in events[1:]] == [250, 300]
    assert events[2].source == "loyalty:x@4"
    assert ledger.balance == 300


@pytest.mark.parametrize("amount", [0, -1])
def test_a_credit_must_be_positive(amount: int) -> None:
    with pytest.raises(ValueError):
        Ledger.open("A-ABCD2345", AT).credit(amount, reason_code="X", source="s", posted_at=AT)


def test_the_main_ledger_of_an_account_has_one_number_and_one_id() -> None:
    assert main_ledger_number("A-ABCD2345") == "L-ABCD2345"
    assert Ledger.open("A-ABCD2345", AT).id == Ledger.id_for("L-ABCD2345")
