"""The LoyaltyAccount aggregate: given past events, when a command runs, then these events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from domain.loyalty.ledger import LoyaltyLedger
from domain.loyalty.loyalty_account import LoyaltyAccount

AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
ADA = UUID("00000000-0000-4000-8000-00000000000a")
GRACE = UUID("00000000-0000-4000-8000-00000000000b")
ACCOUNT = "A-ABCDEFGH"


def enrolled() -> LoyaltyAccount:
    account = LoyaltyAccount.enrol(ACCOUNT, ADA, enrolled_at=AT)
    account.collect_events()
    return account


def test_an_enrolment_lives_at_an_id_derived_from_the_account_number() -> None:
    # when
    account = LoyaltyAccount.enrol(ACCOUNT, ADA, enrolled_at=AT)
    # then
    [event] = account.collect_events()
    assert type(event).__name__ == "Enrolled"
    assert (event.account_number, event.points_user_id, event.enrolled_at) == (ACCOUNT, ADA, AT)
    assert account.id == LoyaltyAccount.id_for(ACCOUNT) != LoyaltyAccount.id_for("A-ZZZZZZZZ")
    # the ids of accounts and of users' ledgers never meet, even for look-alike keys
    assert account.id != LoyaltyLedger.id_for(ADA)


def test_changing_the_points_user_records_who_had_the_role_and_who_has_it_now() -> None:
    # given
    account = enrolled()
    # when
    account.change_points_user(GRACE, at=AT + timedelta(days=1))
    # then
    [changed] = account.collect_events()
    assert type(changed).__name__ == "PointsUserChanged"
    assert (changed.account_number, changed.previous_user_id, changed.new_user_id, changed.changed_at) == (
        ACCOUNT,
        ADA,
        GRACE,
        AT + timedelta(days=1),
    )
    assert account.points_user_id == GRACE


def test_naming_the_current_points_user_again_records_nothing() -> None:
    account = enrolled()
    account.change_points_user(ADA, at=AT)
    assert account.collect_events() == []


def test_replaying_the_events_rebuilds_the_same_state() -> None:
    # given
    account = LoyaltyAccount.enrol(ACCOUNT, ADA, enrolled_at=AT)
    account.change_points_user(GRACE, at=AT)
    account.change_points_user(ADA, at=AT)
    events = account.collect_events()
    # when
    replayed = None
    for e in events:
        replayed = e.mutate(replayed)
    # then
    assert isinstance(replayed, LoyaltyAccount)
    assert (replayed.id, replayed.version) == (account.id, account.version)
    assert (replayed.account_number, replayed.points_user_id, replayed.enrolled_at) == (ACCOUNT, ADA, AT)
