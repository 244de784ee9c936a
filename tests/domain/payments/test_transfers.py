"""Credit transfers in the payments application (in memory): permissions between two ledgers, and
moving credit along an active one, debiting the source and crediting the target in one save."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.payments import commands
from domain.payments.application import Payments
from domain.payments.errors import (
    AmountInvalid,
    CreditStorageLedgerRequired,
    CreditTransferLedgerNotFound,
    CreditTransferPermissionExists,
    CreditTransferPermissionNotFound,
)
from domain.payments.ledger import Ledger, LedgerKind
from domain.payments.limits import LEDGER_BALANCE_LIMIT
from domain.shared.clock import FrozenClock

ACCOUNT, MAIN = "A-ABCD2345", "L-ABCD2345"
NOW = datetime(2026, 5, 1, 9, tzinfo=UTC)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
def payments(clock: FrozenClock) -> Payments:
    app = Payments({"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock)
    app.save(Ledger.open(ACCOUNT, NOW))
    return app


@pytest.fixture
def storage(payments: Payments) -> str:
    """A credit storage ledger of the account holding £50.00."""
    ledger = payments.open_ledger(ACCOUNT, LedgerKind.CREDIT_STORAGE)
    ledger.credit(5000, reason_code="GOODWILL", source="test", posted_at=NOW, limit=LEDGER_BALANCE_LIMIT)
    payments.save(ledger)
    return ledger.number


def create(payments: Payments, source: str, target: str) -> datetime:
    return payments.create_credit_transfer_permission(
        commands.CreateCreditTransferPermission(source_ledger_number=source, target_ledger_number=target)
    )


def terminate(payments: Payments, source: str, target: str, at: datetime | None = None) -> datetime:
    return payments.terminate_credit_transfer_permission(
        commands.TerminateCreditTransferPermission(
            source_ledger_number=source, target_ledger_number=target, active_at=at
        )
    )


def transfer(payments: Payments, source: str, target: str, amount: int) -> tuple[Ledger, Ledger]:
    return payments.transfer_credit(
        commands.TransferCredit(source_ledger_number=source, target_ledger_number=target, amount=amount, reason="x")
    )


def test_a_permission_is_valid_from_now_and_exists_once(payments: Payments, storage: str) -> None:
    assert create(payments, storage, MAIN) == NOW
    with pytest.raises(CreditTransferPermissionExists):
        create(payments, storage, MAIN)
    # the other direction is a permission of its own
    assert create(payments, MAIN, storage) == NOW


def test_one_of_the_ledgers_must_store_credit(payments: Payments) -> None:
    other = payments.open_ledger(ACCOUNT, LedgerKind.MAIN).number
    with pytest.raises(CreditStorageLedgerRequired):
        create(payments, MAIN, other)


@pytest.mark.parametrize("unknown", ["L-ZZZZZZZZ", "", "A-ABCD2345"])
def test_ledgers_must_exist_and_differ(payments: Payments, storage: str, unknown: str) -> None:
    with pytest.raises(CreditTransferLedgerNotFound):
        create(payments, storage, unknown)
    with pytest.raises(CreditTransferLedgerNotFound):
        create(payments, storage, storage)


def test_a_terminated_permission_ends_and_can_be_granted_again(
    payments: Payments, storage: str, clock: FrozenClock
) -> None:
    create(payments, storage, MAIN)
    clock.advance(timedelta(days=1))
    assert terminate(payments, storage, MAIN) == clock.now()
    with pytest.raises(CreditTransferPermissionNotFound):
        terminate(payments, storage, MAIN)
    clock.advance(timedelta(days=1))
    assert create(payments, storage, MAIN) == clock.now()


def test_a_permission_ending_later_is_active_until_then(payments: Payments, storage: str, clock: FrozenClock) -> None:
    create(payments, storage, MAIN)
    ends = NOW + timedelta(days=7)
    terminate(payments, storage, MAIN, ends)
    with pytest.raises(CreditTransferPermissionExists):
        create(payments, storage, MAIN)
    transfer(payments, storage, MAIN, 100)
    clock.advance(timedelta(days=7))
    with pytest.raises(CreditTransferPermissionNotFound):
        transfer(payments, storage, MAIN, 100)


def test_terminating_a_permission_never_granted_or_before_it_began_is_refused(payments: Payments, storage: str) -> None:
    with pytest.raises(CreditTransferPermissionNotFound):
        terminate(payments, storage, MAIN)
    create(payments, storage, MAIN)
    with pytest.raises(CreditTransferPermissionNotFound):
        terminate(payments, storage, MAIN, NOW - timedelta(seconds=1))


def test_a_transfer_posts_out_of_the_source_and_into_the_target_in_one_save(payments: Payments, storage: str) -> None:
    create(payments, storage, MAIN)
    source, target = transfer(payments, storage, MAIN, 1200)
    assert (source.balance, target.balance) == (3800, 1200)
    entries = [
        e
        for number in (storage, MAIN)
        for e in payments.repository.event_store.get(Ledger.id_for(number))
        if isinstance(e, Ledger.Posted) and e.kind == "TRANSFER"
    ]
    assert [e.amount for e in entries] == [-1200, 1200]
    assert entries[0].source == entries[1].source


def test_a_transfer_needs_an_active_permission_and_enough_credit(payments: Payments, storage: str) -> None:
    with pytest.raises(CreditTransferPermissionNotFound):
        transfer(payments, storage, MAIN, 100)
    create(payments, storage, MAIN)
    for amount in (0, -5, 5001):
        with pytest.raises(AmountInvalid):
            transfer(payments, storage, MAIN, amount)
    assert transfer(payments, storage, MAIN, 5000)[0].balance == 0
