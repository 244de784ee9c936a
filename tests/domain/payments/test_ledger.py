"""The payments Ledger: signed entries, balance in minor units, the instruction that collects for it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.payments.ledger import (
    EntryKind,
    Ledger,
    LedgerLimitExceeded,
    main_ledger_number,
)
from domain.payments.limits import LEDGER_BALANCE_LIMIT as LIMIT

AT = datetime(2026, 5, 1, tzinfo=UTC)


def test_a_credit_raises_the_balance_and_records_what_caused_it() -> None:
    # given
    ledger = Ledger.open("A-ABCD2345", AT)
    # when
    ledger.credit(250, reason_code="LOYALTY_POINTS_REDEMPTION", source="loyalty:x@3", posted_at=AT, limit=LIMIT)
    ledger.credit(50, reason_code="LOYALTY_POINTS_REDEMPTION", source="loyalty:x@4", posted_at=AT, limit=LIMIT)
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
        Ledger.open("A-ABCD2345", AT).credit(amount, reason_code="X", source="s", posted_at=AT, limit=LIMIT)


def test_the_main_ledger_of_an_account_has_one_number_and_one_id() -> None:
    assert main_ledger_number("A-ABCD2345") == "L-ABCD2345"
    assert Ledger.open("A-ABCD2345", AT).id == Ledger.id_for("L-ABCD2345")


def test_entries_are_signed_and_carry_the_balance_forward() -> None:
    ledger = Ledger.open("A-ABCD2345", AT)
    ledger.post(EntryKind.CHARGE, -1200, reason_code="BILL", source="bill:1", posted_at=AT, limit=LIMIT)
    ledger.post(EntryKind.PAYMENT, 1000, reason_code="CARD", source="payment:1", posted_at=AT, limit=LIMIT)
    assert [e.balance_carried_forward for e in ledger.collect_events()[1:]] == [-1200, -200]
    assert ledger.balance == -200
    with pytest.raises(ValueError):
        ledger.post(EntryKind.PAYMENT, 0, reason_code="CARD", source="payment:2", posted_at=AT, limit=LIMIT)


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


# The balance limit ----------------------------------------------------------------------------------


def test_an_entry_that_would_take_the_balance_beyond_the_limit_is_refused_and_nothing_is_recorded() -> None:
    # given a ledger 100 short of its limit either side
    ledger = Ledger.open("A-ABCD2345", AT)
    ledger.post(EntryKind.PAYMENT, 900, reason_code="CARD", source="payment:1", posted_at=AT, limit=1000)
    ledger.collect_events()
    # when / then: an entry crossing the limit, above or below, is refused
    with pytest.raises(LedgerLimitExceeded):
        ledger.post(EntryKind.PAYMENT, 101, reason_code="CARD", source="payment:2", posted_at=AT, limit=1000)
    with pytest.raises(LedgerLimitExceeded):
        ledger.post(EntryKind.CHARGE, -1901, reason_code="BILL", source="bill:1", posted_at=AT, limit=1000)
    assert ledger.collect_events() == [] and ledger.balance == 900
    # and one reaching it exactly is taken
    ledger.post(EntryKind.PAYMENT, 100, reason_code="CARD", source="payment:3", posted_at=AT, limit=1000)
    ledger.post(EntryKind.CHARGE, -2000, reason_code="BILL", source="bill:2", posted_at=AT, limit=1000)
    assert ledger.balance == -1000


def test_room_reserved_for_money_still_to_come_counts_against_the_limit_and_its_posting_is_never_refused() -> None:
    # given room reserved for a submitted payment of 600
    ledger = Ledger.open("A-ABCD2345", AT)
    ledger.reserve("payment:1", 600, limit=1000)
    # then another inflow only fits in what is left
    assert ledger.fits(400, 1000) and not ledger.fits(401, 1000)
    with pytest.raises(LedgerLimitExceeded):
        ledger.reserve("payment:2", 401, limit=1000)
    ledger.post(EntryKind.CREDIT, 400, reason_code="GOODWILL", source="credit:1", posted_at=AT, limit=1000)
    # and the reserved payment posts, frees its room and leaves the ledger at its limit
    assert ledger.post_reserved(EntryKind.PAYMENT, "payment:1", "DIRECT_DEBIT", AT) == 600
    assert (ledger.balance, ledger.reserved) == (1000, {})
    kinds = [type(e).__name__ for e in ledger.collect_events()[1:]]
    assert kinds == ["RoomReserved", "Posted", "Posted", "RoomReleased"]


def test_a_payout_keeps_room_to_take_its_money_back() -> None:
    ledger = Ledger.open("A-ABCD2345", AT)
    ledger.post(EntryKind.PAYMENT, 1000, reason_code="CARD", source="payment:1", posted_at=AT, limit=1000)
    # when a payout of 300 starts, the balance falls but no other inflow may take its place
    ledger.pay_out(300, "REPAYMENT", "repayment:1", AT, limit=1000)
    assert ledger.balance == 700 and not ledger.fits(1, 1000)
    # and the failed payout's reversal always fits
    ledger.post_reserved(EntryKind.REPAYMENT, "repayment:1", "FAILED_REPAYMENT_REVERSAL", AT)
    assert (ledger.balance, ledger.reserved) == (1000, {})


def test_a_ledger_beyond_its_limit_from_before_the_limit_existed_can_only_come_back() -> None:
    # given a ledger over its limit (an entry posted before the limit)
    ledger = Ledger.open("A-ABCD2345", AT)
    ledger.post(EntryKind.PAYMENT, 5000, reason_code="CARD", source="payment:1", posted_at=AT, limit=10_000)
    # then nothing takes it further out, and everything bringing it back is taken
    with pytest.raises(LedgerLimitExceeded):
        ledger.post(EntryKind.CREDIT, 1, reason_code="GOODWILL", source="credit:1", posted_at=AT, limit=1000)
    ledger.pay_out(500, "REPAYMENT", "repayment:1", AT, limit=1000)
    ledger.post(EntryKind.CHARGE, -300, reason_code="BILL", source="bill:1", posted_at=AT, limit=1000)
    assert ledger.balance == 4200 and ledger.reserved == {"repayment:1": 500}


def test_money_the_ledger_cannot_take_is_recorded_as_refused_and_moves_nothing() -> None:
    ledger = Ledger.open("A-ABCD2345", AT)
    ledger.refuse_entry(EntryKind.CREDIT, 5000, "LOYALTY_POINTS_REDEMPTION", "loyalty:x@2", AT)
    refused = ledger.collect_events()[-1]
    assert isinstance(refused, Ledger.EntryRefused) and (refused.amount, refused.source) == (5000, "loyalty:x@2")
    assert ledger.balance == 0
