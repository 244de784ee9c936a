"""Account references on the Account aggregate and their ReferenceClaims: given past events, when a
command runs, then these events or this error code; and the race of two accounts for one value."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from domain.accounts import commands
from domain.accounts.account import Account
from domain.accounts.application import Accounts
from domain.accounts.reference_claim import ReferenceClaim
from domain.shared.clock import FrozenClock
from tests.helpers import refused

AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
LATER = AT + timedelta(minutes=5)


def opened() -> Account:
    account = Account.open("A-ABCDEFGH", "Ada Lovelace", opened_at=AT)
    account.collect_events()
    return account


def with_reference(namespace: str = "crm", value: str = "C-1") -> Account:
    account = opened()
    account.attach_reference(namespace, value, at=AT)
    account.collect_events()
    return account


def names(events: list[Any]) -> list[str]:
    return [type(e).__name__ for e in events]


# Attaching ----------------------------------------------------------------------------------------


def test_attaching_a_reference_records_the_namespace_value_and_moment() -> None:
    account = opened()
    reference = account.attach_reference("crm", "C-1", at=AT)
    [attached] = account.collect_events()
    assert isinstance(attached, Account.ReferenceAttached)
    assert (attached.account_number, attached.namespace, attached.value, attached.at) == (
        "A-ABCDEFGH",
        "crm",
        "C-1",
        AT,
    )
    assert (reference.value, reference.created_at, reference.updated_at) == ("C-1", AT, AT)


@pytest.mark.parametrize("namespace", ["", "1crm", "crm space", "c" * 65, "crm/x", "crm\x00"])
def test_a_namespace_outside_the_pattern_is_refused_with_8310(namespace: str) -> None:
    refused("KT-CT-8310", opened().attach_reference, namespace, "C-1", at=AT)


@pytest.mark.parametrize("value", ["", " C-1", "C-1 ", "C\n1", "v" * 129])
def test_an_empty_long_or_unprintable_value_is_refused_with_8311(value: str) -> None:
    refused("KT-CT-8311", opened().attach_reference, "crm", value, at=AT)


def test_the_longest_namespace_and_value_are_accepted() -> None:
    account = opened()
    account.attach_reference("c" * 64, "v" * 128, at=AT)
    assert names(account.collect_events()) == ["ReferenceAttached"]


def test_a_second_reference_in_a_namespace_the_account_has_is_refused_with_8311() -> None:
    refused("KT-CT-8311", with_reference().attach_reference, "crm", "C-2", at=LATER)


# Changing -----------------------------------------------------------------------------------------


def test_changing_a_reference_records_the_old_and_new_value_and_keeps_its_creation() -> None:
    account = with_reference()
    reference = account.change_reference("crm", "C-2", at=LATER)
    [changed] = account.collect_events()
    assert isinstance(changed, Account.ReferenceChanged)
    assert (changed.namespace, changed.old_value, changed.value, changed.at) == ("crm", "C-1", "C-2", LATER)
    assert (reference.value, reference.created_at, reference.updated_at) == ("C-2", AT, LATER)


def test_changing_to_the_same_value_records_nothing() -> None:
    account = with_reference()
    assert account.change_reference("crm", "C-1", at=LATER).updated_at == AT
    assert account.collect_events() == []


def test_changing_a_namespace_the_account_has_no_reference_in_is_refused_with_8311() -> None:
    refused("KT-CT-8311", with_reference().change_reference, "billing", "B-1", at=LATER)


# Claims -------------------------------------------------------------------------------------------


def test_a_claim_lives_at_an_id_derived_from_its_namespace_and_value() -> None:
    claim = ReferenceClaim.claim("crm", "C-1", "A-ABCDEFGH")
    assert claim.id == ReferenceClaim.id_for("crm", "C-1")
    assert claim.id not in {ReferenceClaim.id_for("billing", "C-1"), ReferenceClaim.id_for("crm", "C-2")}
    assert claim.held_by_another("A-OTHER") and not claim.held_by_another("A-ABCDEFGH")


def test_a_released_claim_is_held_by_nobody_until_reclaimed() -> None:
    claim = ReferenceClaim.claim("crm", "C-1", "A-ABCDEFGH")
    claim.release()
    assert not claim.held_by_another("A-OTHER")
    claim.reclaim("A-OTHER")
    assert names(claim.collect_events()) == ["Claimed", "Released", "Reclaimed"]
    assert claim.held_by_another("A-ABCDEFGH")


# The application: uniqueness per namespace --------------------------------------------------------


@pytest.fixture
def accounts() -> Accounts:
    return Accounts(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=FrozenClock(AT))


def create(accounts: Accounts, number: str, value: str, namespace: str = "crm") -> Any:
    command = commands.CreateAccountReference(account_number=number, namespace=namespace, value=value)
    return accounts.create_account_reference(command)


def update(accounts: Accounts, number: str, value: str, namespace: str = "crm") -> Any:
    command = commands.UpdateAccountReference(account_number=number, namespace=namespace, value=value)
    return accounts.update_account_reference(command)


def test_a_value_is_unique_within_its_namespace_and_free_in_another(accounts: Accounts) -> None:
    ada, bob = accounts.open_account("Ada").number, accounts.open_account("Bob").number
    create(accounts, ada, "C-1")
    refused("KT-CT-8311", create, accounts, bob, "C-1")
    assert create(accounts, bob, "C-1", namespace="billing").value == "C-1"


def test_a_changed_value_releases_the_old_one_for_another_account(accounts: Accounts) -> None:
    ada, bob = accounts.open_account("Ada").number, accounts.open_account("Bob").number
    create(accounts, ada, "C-1")
    create(accounts, bob, "C-2")
    refused("KT-CT-8311", update, accounts, bob, "C-1")
    update(accounts, ada, "C-3")
    assert update(accounts, bob, "C-1").value == "C-1"
    # Ada's old value now belongs to Bob; Bob's old one is free again, and Ada may take it.
    assert accounts.find(ReferenceClaim.id_for("crm", "C-1")).account_number == bob
    assert update(accounts, ada, "C-2").value == "C-2"


def test_an_account_that_does_not_exist_is_refused_with_4123(accounts: Accounts) -> None:
    refused("KT-CT-4123", create, accounts, "A-NOSUCHAC", "C-1")


def test_of_two_accounts_claiming_one_value_at_once_exactly_one_wins(accounts: Accounts) -> None:
    ada, bob = accounts.open_account("Ada").number, accounts.open_account("Bob").number
    # Both commands read the claim as missing before either saves: the barrier holds each one's
    # first look-up of the claim until the other has made the same look-up.
    barrier = threading.Barrier(2)
    find = accounts.find
    looked: set[str] = set()

    def racing_find(aggregate_id: Any) -> Any:
        found = find(aggregate_id)
        name = threading.current_thread().name
        if aggregate_id == ReferenceClaim.id_for("crm", "C-1") and name not in looked:
            looked.add(name)
            barrier.wait(timeout=60)  # only so that a broken command fails rather than hangs
        return found

    accounts.find = racing_find  # type: ignore[method-assign]
    outcomes: dict[str, str] = {}

    def claim(number: str) -> None:
        try:
            create(accounts, number, "C-1")
            outcomes[number] = "won"
        except Exception as error:
            outcomes[number] = getattr(error, "code", repr(error))

    threads = [threading.Thread(target=claim, args=(n,), name=n) for n in (ada, bob)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    accounts.find = find  # type: ignore[method-assign]
    assert sorted(outcomes.values()) == ["KT-CT-8311", "won"]
    winner = next(number for number, outcome in outcomes.items() if outcome == "won")
    assert accounts.find(ReferenceClaim.id_for("crm", "C-1")).account_number == winner
    loser = ada if winner == bob else bob
    assert accounts.account(loser).references == {}
