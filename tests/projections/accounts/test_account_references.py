"""The account references read model: each account's current value per namespace, found by value too."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from domain.accounts import commands
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts


def _reference(contexts: Contexts, number: str, value: str, namespace: str = "crm", *, change: bool = False) -> None:
    if change:
        contexts.accounts.update_account_reference(
            commands.UpdateAccountReference(account_number=number, namespace=namespace, value=value)
        )
    else:
        contexts.accounts.create_account_reference(
            commands.CreateAccountReference(account_number=number, namespace=namespace, value=value)
        )


def test_a_reference_attached_and_changed_in_one_batch_is_one_row_in_its_final_state(
    backend: str, contexts: Contexts, customer: dict, clock: FrozenClock, catch_up: Callable[[], int]
) -> None:
    # given
    number = customer["account_number"]
    created = clock.now()
    _reference(contexts, number, "C-1")
    clock.advance(timedelta(minutes=5))
    _reference(contexts, number, "C-2", change=True)
    _reference(contexts, number, "C-1", namespace="billing")
    # when
    catch_up()
    # then
    [rows] = contexts.read.account_references.of_accounts([number])
    assert [(r["namespace"], r["value"]) for r in rows] == [("billing", "C-1"), ("crm", "C-2")]
    crm = rows[1]
    assert crm["created_at"] == created.isoformat() and crm["updated_at"] == clock.now().isoformat()


def test_a_change_in_a_later_batch_updates_the_row_and_values_find_their_accounts(
    backend: str, contexts: Contexts, customer: dict, catch_up: Callable[[], int]
) -> None:
    # given a reference from an earlier batch, and another account's
    number = customer["account_number"]
    other = contexts.accounts.open_account("Charles Babbage").number
    _reference(contexts, number, "C-1")
    catch_up()
    _reference(contexts, number, "C-2", change=True)
    _reference(contexts, other, "C-1")
    # when
    catch_up()
    # then
    view = contexts.read.account_references
    assert [[r["value"] for r in rows] for rows in view.of_accounts([number, other, "A-NOTHING"])] == [
        ["C-2"],
        ["C-1"],
        [],
    ]
    found = view.with_values(["C-1", "C-2", "C-9"])
    assert [[r["account_number"] for r in rows] for rows in found] == [[other], [number], []]
