"""Lifecycle process commands: accepting terms, cancelling enrollments (and the occupancy an occupy
property process began), and completing dated processes when their day comes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.accounts import commands as accounts_commands
from domain.shared.clock import FrozenClock
from domain.supply import commands
from domain.supply.lifecycle_process import ProcessKind, ProcessStatus, new_process_number
from domain.supply.process_commands import ProcessSettings
from ops.runtime import Contexts
from tests.helpers import refused


@pytest.fixture
def ada(contexts: Contexts) -> str:
    return contexts.accounts.open_account("Ada Lovelace").number


@pytest.fixture
def grace(contexts: Contexts) -> str:
    return contexts.accounts.open_account("Grace Hopper").number


def accept(contexts: Contexts, account: str, number: str | None = None) -> str:
    return contexts.supply.accept_join_supplier_terms(
        commands.AcceptJoinSupplierTerms(account_number=account, process_number=number, accepted_by="user:ada")
    )


def cancel(contexts: Contexts, **fields: object) -> ProcessStatus:
    command = commands.CancelEnrollment(cancelled_by="user:ada", reason="moving elsewhere", **fields)  # type: ignore[arg-type]
    return contexts.supply.cancel_enrollment(command).status


def join(contexts: Contexts, account: str, key: str = "join") -> str:
    return contexts.supply.start_process(ProcessKind.JOIN_SUPPLIER, account, None, None, key=f"{key}:{account}")


def move_in(contexts: Contexts, clock: FrozenClock, account: str, days: int = 10) -> tuple[str, str]:
    """A property Ada moves into in `days` days, with its occupy property process: (property id, number)."""
    day = clock.now().date() + timedelta(days=days)
    home = contexts.accounts.register_property(
        accounts_commands.RegisterProperty(
            account_number=account, lines=("1 Mill Lane",), postcode="DE1 2AB", occupied_from=day
        )
    )
    number = contexts.supply.start_process(
        ProcessKind.OCCUPY_PROPERTY, account, home.property_id, day, key=f"move:{home.property_id}"
    )
    return home.property_id, number


def allow_occupy_cancellation(contexts: Contexts) -> None:
    contexts.supply.process_settings = ProcessSettings(occupy_property_cancellation=True)


def test_accepting_terms_completes_the_open_process_and_twice_changes_nothing(contexts: Contexts, ada: str) -> None:
    number = join(contexts, ada)
    assert accept(contexts, ada) == number
    process = contexts.supply.lifecycle_process(number)
    assert process is not None and process.status is ProcessStatus.COMPLETED and process.terms_version == "2026-01"
    version = process.version
    assert accept(contexts, ada, number) == number and accept(contexts, ada) == number
    assert contexts.supply.lifecycle_process(number).version == version  # type: ignore[union-attr]


def test_terms_of_another_account_an_unknown_or_a_missing_process_answer_one_code(
    contexts: Contexts, ada: str, grace: str
) -> None:
    number = join(contexts, ada)
    refused("KT-CT-4501", accept, contexts, grace, number)
    refused("KT-CT-4501", accept, contexts, ada, new_process_number())
    refused("KT-CT-4501", accept, contexts, grace)


def test_cancelling_a_join_supplier_process(contexts: Contexts, ada: str) -> None:
    number = join(contexts, ada)
    assert cancel(contexts, process_number=number) is ProcessStatus.CANCELLED
    refused("KT-CT-10320", cancel, contexts, process_number=number)


def test_cancellation_switched_off(contexts: Contexts, ada: str) -> None:
    contexts.supply.process_settings = ProcessSettings(enrollment_cancellation=False)
    refused("KT-CT-10312", cancel, contexts, process_number=join(contexts, ada))


def test_a_process_of_an_account_not_allowed_is_not_found(contexts: Contexts, ada: str, grace: str) -> None:
    number = join(contexts, ada)
    refused("KT-CT-10318", cancel, contexts, process_number=number, allowed=frozenset({grace}))
    refused("KT-CT-10318", cancel, contexts, process_number=number, account_number=grace)
    refused("KT-CT-10318", cancel, contexts, process_number=new_process_number())
    refused("KT-CT-10318", cancel, contexts)


def test_a_leave_property_process_has_no_cancellation_workflow(
    contexts: Contexts, clock: FrozenClock, ada: str
) -> None:
    number = contexts.supply.start_process(
        ProcessKind.LEAVE_PROPERTY, ada, "1234567", clock.now().date(), key="leave:1"
    )
    refused("KT-CT-10321", cancel, contexts, process_number=number)


def test_occupy_property_cancellation_is_not_configured_by_default(
    contexts: Contexts, clock: FrozenClock, ada: str
) -> None:
    _, number = move_in(contexts, clock, ada)
    refused("KT-CT-10323", cancel, contexts, process_number=number)


def test_cancelling_an_occupy_process_withdraws_its_occupancy(contexts: Contexts, clock: FrozenClock, ada: str) -> None:
    allow_occupy_cancellation(contexts)
    property_id, number = move_in(contexts, clock, ada)
    assert cancel(contexts, account_number=ada, supply_points=(commands.SupplyPointMatch(identifier=property_id),)) is (
        ProcessStatus.CANCELLED
    )
    home = contexts.accounts.property(property_id)
    assert home is not None and [p.withdrawn for p in home.periods] == [True]
    assert home.occupier_on(clock.now().date() + timedelta(days=20)) is None
    assert contexts.supply.lifecycle_process(number).status is ProcessStatus.CANCELLED  # type: ignore[union-attr]


def test_an_occupancy_that_has_begun_cannot_be_withdrawn(contexts: Contexts, clock: FrozenClock, ada: str) -> None:
    allow_occupy_cancellation(contexts)
    _, number = move_in(contexts, clock, ada, days=0)
    refused("KT-CT-10319", cancel, contexts, process_number=number)
    process = contexts.supply.lifecycle_process(number)
    assert process is not None and process.status is ProcessStatus.PENDING


def test_without_a_number_several_matching_processes_name_none(contexts: Contexts, ada: str) -> None:
    join(contexts, ada, "first")
    join(contexts, ada, "second")
    refused("KT-CT-10318", cancel, contexts, account_number=ada)


def test_dated_processes_complete_when_their_day_comes(contexts: Contexts, clock: FrozenClock, ada: str) -> None:
    _, number = move_in(contexts, clock, ada, days=2)
    assert contexts.supply.complete_due_process(number) is False
    clock.advance(timedelta(days=2))
    assert contexts.supply.complete_due_process(number) is True
    assert contexts.supply.complete_due_process(number) is False
    assert contexts.supply.lifecycle_process(number).status is ProcessStatus.COMPLETED  # type: ignore[union-attr]
    assert contexts.supply.complete_due_process(new_process_number()) is False


def test_the_account_lists_its_processes_in_order(contexts: Contexts, ada: str, grace: str) -> None:
    first, second = join(contexts, ada, "a"), join(contexts, ada, "b")
    assert [p.number for p in contexts.supply.processes_of(ada)] == [first, second]
    assert contexts.supply.processes_of(grace) == []
