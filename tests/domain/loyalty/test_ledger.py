"""The LoyaltyLedger aggregate: given past events, when a command runs, then these events or this error code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from domain.loyalty.ledger import LedgerEntry, LedgerType, LoyaltyLedger
from domain.shared.errors import KrakenError
from tests.helpers import refused

AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
LATER = AT + timedelta(minutes=5)
ADA = UUID("00000000-0000-4000-8000-00000000000a")
GRACE = UUID("00000000-0000-4000-8000-00000000000b")
ACCOUNT = "A-ABCDEFGH"
PER_UNIT = 8


def opened() -> LoyaltyLedger:
    ledger = LoyaltyLedger.open(ADA, ACCOUNT, opened_at=AT)
    ledger.collect_events()
    return ledger


def with_balance(points: int) -> LoyaltyLedger:
    ledger = opened()
    ledger.earn(points, "SIGN_UP_BONUS", ACCOUNT, at=AT)
    ledger.collect_events()
    return ledger


def names(events: list[Any]) -> list[str]:
    return [type(e).__name__ for e in events]


# Opening ------------------------------------------------------------------------------------------


def test_a_ledger_lives_at_an_id_derived_from_its_user() -> None:
    ledger = LoyaltyLedger.open(ADA, ACCOUNT, opened_at=AT)
    assert ledger.id == LoyaltyLedger.id_for(ADA) != LoyaltyLedger.id_for(GRACE)
    assert names(ledger.collect_events()) == ["Opened"]
    assert (ledger.user_id, ledger.account_number, ledger.balance, ledger.last_entry) == (ADA, ACCOUNT, 0, None)


# Earning ------------------------------------------------------------------------------------------


def test_earning_credits_the_points_and_records_the_balance_it_carries_forward() -> None:
    # given
    ledger = with_balance(100)
    # when
    ledger.earn(20, "REFERRAL", ACCOUNT, at=LATER)
    # then
    [earned] = ledger.collect_events()
    assert type(earned).__name__ == "PointsEarned"
    assert (earned.points, earned.reason_code, earned.account_number, earned.posted_at) == (
        20,
        "REFERRAL",
        ACCOUNT,
        LATER,
    )
    assert earned.balance_carried_forward == 120
    assert ledger.last_entry == LedgerEntry(
        ledger_type=LedgerType.CREDIT,
        value=20,
        balance_brought_forward=100,
        balance_carried_forward=120,
        reason_code="REFERRAL",
        posted_at=LATER,
        account_number=ACCOUNT,
    )


@pytest.mark.parametrize("points", [0, -5])
def test_earning_no_or_negative_points_is_kt_ct_9204(points: int) -> None:
    refused("KT-CT-9204", opened().earn, points, "SIGN_UP_BONUS", ACCOUNT, at=AT)


def test_an_entry_earlier_than_the_last_one_is_kt_ct_9208() -> None:
    # given an entry posted by a process whose clock runs ahead
    ledger = opened()
    ledger.earn(10, "SIGN_UP_BONUS", ACCOUNT, at=LATER)
    # when / then
    refused("KT-CT-9208", ledger.earn, 10, "SIGN_UP_BONUS", ACCOUNT, at=AT)


def test_an_entry_at_the_same_instant_as_the_last_one_is_in_order() -> None:
    ledger = with_balance(10)
    ledger.earn(10, "SIGN_UP_BONUS", ACCOUNT, at=AT)
    assert ledger.balance == 20


# Redeeming ----------------------------------------------------------------------------------------


def test_redeeming_charges_the_points_and_records_the_credit_they_buy_in_minor_units() -> None:
    # given
    ledger = with_balance(100)
    # when
    amount = ledger.redeem(80, PER_UNIT, ACCOUNT, at=LATER)
    # then
    [redeemed] = ledger.collect_events()
    assert type(redeemed).__name__ == "PointsRedeemed"
    assert (redeemed.points, redeemed.amount, redeemed.account_number, redeemed.posted_at) == (80, 10, ACCOUNT, LATER)
    assert redeemed.balance_carried_forward == 20 == ledger.balance
    assert amount == 10
    entry = ledger.last_entry
    assert (entry.ledger_type, entry.value, entry.balance_brought_forward, entry.reason_code) == (
        LedgerType.CHARGE,
        80,
        100,
        "REDEEMED_FOR_ACCOUNT_CREDIT",
    )


def test_the_whole_balance_can_be_redeemed() -> None:
    ledger = with_balance(96)
    ledger.redeem(96, PER_UNIT, ACCOUNT, at=AT)
    assert ledger.balance == 0


@pytest.mark.parametrize("points", [0, -8])
def test_redeeming_no_or_negative_points_is_kt_ct_9204(points: int) -> None:
    refused("KT-CT-9204", with_balance(100).redeem, points, PER_UNIT, ACCOUNT, at=AT)


def test_a_ledger_without_entries_cannot_redeem_kt_ct_9203() -> None:
    refused("KT-CT-9203", opened().redeem, 8, PER_UNIT, ACCOUNT, at=AT)


def test_redeeming_more_than_the_balance_is_kt_ct_9205() -> None:
    refused("KT-CT-9205", with_balance(100).redeem, 104, PER_UNIT, ACCOUNT, at=AT)


def test_points_that_are_not_a_whole_number_of_units_are_kt_ct_9206() -> None:
    refused("KT-CT-9206", with_balance(100).redeem, 12, PER_UNIT, ACCOUNT, at=AT)


def test_a_negative_balance_cannot_redeem_kt_ct_9209() -> None:
    # given an award clawed back after part of it was spent
    ledger = with_balance(16)
    ledger.redeem(16, PER_UNIT, ACCOUNT, at=AT)
    ledger.reverse_award(16, "FRAUD", at=AT)
    ledger.earn(8, "SIGN_UP_BONUS", ACCOUNT, at=AT)
    assert ledger.balance == -8
    # when / then
    refused("KT-CT-9209", ledger.redeem, 8, PER_UNIT, ACCOUNT, at=AT)


def test_redeeming_before_the_latest_entry_is_kt_ct_9208() -> None:
    ledger = opened()
    ledger.earn(100, "SIGN_UP_BONUS", ACCOUNT, at=LATER)
    refused("KT-CT-9208", ledger.redeem, 80, PER_UNIT, ACCOUNT, at=AT)


def test_a_refused_command_records_nothing() -> None:
    ledger = with_balance(100)
    with pytest.raises(KrakenError):
        ledger.redeem(104, PER_UNIT, ACCOUNT, at=AT)
    assert ledger.collect_events() == []
    assert ledger.balance == 100


# Transferring -------------------------------------------------------------------------------------


def test_a_transfer_charges_one_ledger_and_credits_the_other_with_who_and_where() -> None:
    # given
    sender = with_balance(50)
    receiver = LoyaltyLedger.open(GRACE, ACCOUNT, opened_at=AT)
    receiver.collect_events()
    # when
    sender.transfer_out(30, GRACE, ACCOUNT, at=LATER)
    receiver.transfer_in(30, ADA, ACCOUNT, at=LATER)
    # then
    [out] = sender.collect_events()
    [into] = receiver.collect_events()
    assert type(out).__name__ == "PointsTransferredOut"
    assert (out.points, out.to_user_id, out.account_number, out.posted_at, out.balance_carried_forward) == (
        30,
        GRACE,
        ACCOUNT,
        LATER,
        20,
    )
    assert type(into).__name__ == "PointsTransferredIn"
    assert (into.points, into.from_user_id, into.account_number, into.posted_at, into.balance_carried_forward) == (
        30,
        ADA,
        ACCOUNT,
        LATER,
        30,
    )
    assert (sender.last_entry.ledger_type, receiver.last_entry.ledger_type) == (LedgerType.CHARGE, LedgerType.CREDIT)
    assert (sender.last_entry.reason_code, receiver.last_entry.reason_code) == (
        "TRANSFERRED_TO_USER",
        "TRANSFERRED_FROM_USER",
    )


@pytest.mark.parametrize("points", [0, -1])
def test_transferring_no_or_negative_points_is_kt_ct_9204(points: int) -> None:
    refused("KT-CT-9204", with_balance(50).transfer_out, points, GRACE, ACCOUNT, at=AT)
    refused("KT-CT-9204", opened().transfer_in, points, ADA, ACCOUNT, at=AT)


def test_transferring_more_than_the_balance_is_kt_ct_9205() -> None:
    refused("KT-CT-9205", with_balance(50).transfer_out, 51, GRACE, ACCOUNT, at=AT)
    refused("KT-CT-9205", opened().transfer_out, 1, GRACE, ACCOUNT, at=AT)


def test_a_negative_balance_cannot_transfer_out_kt_ct_9209() -> None:
    ledger = with_balance(10)
    ledger.reverse_award(15, "FRAUD", at=AT)
    refused("KT-CT-9209", ledger.transfer_out, 1, GRACE, ACCOUNT, at=AT)


def test_transferring_out_or_in_before_the_latest_entry_is_kt_ct_9208() -> None:
    ledger = opened()
    ledger.earn(50, "SIGN_UP_BONUS", ACCOUNT, at=LATER)
    refused("KT-CT-9208", ledger.transfer_out, 10, GRACE, ACCOUNT, at=AT)
    refused("KT-CT-9208", ledger.transfer_in, 10, GRACE, ACCOUNT, at=AT)


def test_points_can_be_transferred_into_a_negative_ledger() -> None:
    ledger = with_balance(10)
    ledger.reverse_award(15, "FRAUD", at=AT)
    ledger.transfer_in(5, GRACE, ACCOUNT, at=AT)
    assert ledger.balance == 0


# Reversing an award -------------------------------------------------------------------------------


def test_reversing_an_award_may_take_the_balance_below_zero() -> None:
    # given
    ledger = with_balance(10)
    # when
    ledger.reverse_award(25, "FRAUD", at=LATER)
    # then
    [reversed_] = ledger.collect_events()
    assert type(reversed_).__name__ == "AwardReversed"
    assert (reversed_.points, reversed_.reason_code, reversed_.posted_at, reversed_.balance_carried_forward) == (
        25,
        "FRAUD",
        LATER,
        -15,
    )
    entry = ledger.last_entry
    assert (entry.ledger_type, entry.balance_brought_forward, entry.balance_carried_forward) == (
        LedgerType.CHARGE,
        10,
        -15,
    )


def test_reversing_no_points_or_out_of_order_is_refused() -> None:
    refused("KT-CT-9204", with_balance(10).reverse_award, 0, "FRAUD", at=AT)
    refused("KT-CT-9208", with_balance(10).reverse_award, 5, "FRAUD", at=AT - timedelta(seconds=1))


# Replay -------------------------------------------------------------------------------------------


def test_replaying_the_events_rebuilds_the_same_state() -> None:
    # given a ledger that has seen every kind of event
    ledger = LoyaltyLedger.open(ADA, ACCOUNT, opened_at=AT)
    ledger.earn(100, "SIGN_UP_BONUS", ACCOUNT, at=AT)
    ledger.redeem(40, PER_UNIT, ACCOUNT, at=AT)
    ledger.transfer_out(20, GRACE, ACCOUNT, at=LATER)
    ledger.transfer_in(5, GRACE, ACCOUNT, at=LATER)
    ledger.reverse_award(60, "FRAUD", at=LATER)
    events = ledger.collect_events()
    # when
    replayed = None
    for e in events:
        replayed = e.mutate(replayed)
    # then
    assert isinstance(replayed, LoyaltyLedger)
    assert (replayed.id, replayed.version, replayed.user_id) == (ledger.id, ledger.version, ADA)
    assert replayed.balance == ledger.balance == -15
    assert (
        (replayed.last_entry, replayed.entry_count) == (ledger.last_entry, ledger.entry_count) == (ledger.last_entry, 5)
    )
    assert [e.balance_carried_forward for e in events[1:]] == [100, 60, 40, 45, -15]
