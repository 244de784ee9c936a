"""The payments Ledger: signed entries, balance in minor units, the instruction that collects for it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.payments.ledger import (
    EntryKind,
    Ledger,
    main_ledger_number,
)

AT = datetime(2026, 5, 1, tzinfo=UTC)


def test_a_credit_raises_the_balance_and_records_what_caused_it() -> None:
    # given
    ledger = Ledger.open("A-ABCD2345", AT)
    # when
    ledger.credit(250, reason_code="LOYALTY_POINTS_REDEMPTION", source="loyalty:x@3", posted_at=AT)
    ledger.credit(50, reason_code="LOYALTY_POINTS_REDEMPTION", source="loyalty:x@4", posted_at=AT)
    # then
    events = ledger.collect_events()
    assert [type(e).__name__ for e in events] == ["Opened", "Posted", "Posted"]
    assert [e.kind for e in events[1:]] == ["CREDIT", "CREDIT"]
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


def test_entries_are_signed_and_carry_the_balance_forward() -> None:
    ledger = Ledger.open("A-ABCD2345", AT)
    ledger.post(EntryKind.CHARGE, -1200, reason_code="BILL", source="bill:1", posted_at=AT)
    ledger.post(EntryKind.PAYMENT, 1000, reason_code="CARD", source="payment:1", posted_at=AT)
    assert [e.balance_carried_forward for e in ledger.collect_events()[1:]] == [-1200, -200]
    assert ledger.balance == -200
    with pytest.raises(ValueError):
        ledger.post(EntryKind.PAYMENT, 0, reason_code="CARD", source="payment:2", posted_at=AT)


def test_a_new_ledger_draws_an_integer_id_that_a_graphql_int_can_carry() -> None:
    ids = {Ledger.open(f"A-ABCD234{i}", AT).ledger_id for i in range(2, 10)}
    assert len(ids) == 8 and all(10**6 <= i < 2**31 for i in ids)


def test_the_instruction_used_for_automated_payments_is_the_newest_valid_direct_debit() -> None:
    later = AT.replace(month=6)
    ledger = Ledger.open("A-ABCD2345", AT)
    ledger.link_instruction(11, "CARD", AT)
    ledger.link_instruction(12, "DIRECT_DEBIT", AT)
    ledger.link_instruction(13, "DIRECT_DEBIT", later)
    assert ledger.instruction_for(None, AT) == 12
    assert ledger.instruction_for(None, later) == 13
    assert ledger.instruction_for("CARD", later) == 11
    ledger.unlink_instruction(11)
    assert ledger.instruction_for("CARD", later) is None
    assert ledger.instruction_for(None, AT.replace(month=4)) is None
