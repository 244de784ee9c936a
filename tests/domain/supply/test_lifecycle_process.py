"""The LifecycleProcess aggregate and starting processes: given past events, when a command runs, then
these events or this error."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from domain.supply.application import Supply
from domain.supply.lifecycle_process import (
    LifecycleProcess,
    ProcessKind,
    ProcessStatus,
    new_process_number,
    parse_process_number,
)
from ops.runtime import Contexts
from tests.helpers import refused

AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
TODAY = AT.date()
ADA = "A-ADAADAAD"


def started(kind: ProcessKind, effective_on: date | None = None) -> LifecycleProcess:
    process = LifecycleProcess.start(kind, "1234567", ADA, "7654321", effective_on, at=AT)
    process.collect_events()
    return process


def names(events: list[Any]) -> list[str]:
    return [type(e).__name__ for e in events]


@pytest.fixture
def supply(contexts: Contexts) -> Supply:
    return contexts.supply


def test_a_process_starts_pending_at_an_id_derived_from_its_number() -> None:
    process = LifecycleProcess.start(ProcessKind.OCCUPY_PROPERTY, "1234567", ADA, "7654321", TODAY, at=AT)
    assert process.id == LifecycleProcess.id_for("1234567")
    assert (process.status, process.kind, process.effective_on) == (ProcessStatus.PENDING, "OCCUPY_PROPERTY", TODAY)
    assert names(process.collect_events()) == ["Started"]


def test_process_numbers_parse_in_one_spelling() -> None:
    number = new_process_number()
    assert parse_process_number(f" {number} ") == number
    assert parse_process_number("nope") is None and parse_process_number("12") is None


def test_accepting_the_terms_completes_a_join_supplier_process_once() -> None:
    process = started(ProcessKind.JOIN_SUPPLIER)
    assert process.accept_terms("2026-01", "ada@example.com", at=AT) is True
    assert names(process.collect_events()) == ["TermsAccepted", "Completed"]
    assert (process.status, process.terms_version) == (ProcessStatus.COMPLETED, "2026-01")
    assert process.accept_terms("2026-02", "ada@example.com", at=AT) is False
    assert process.collect_events() == [] and process.terms_version == "2026-01"


def test_terms_are_refused_for_a_process_without_terms_or_one_cancelled() -> None:
    refused("KT-CT-4501", started(ProcessKind.OCCUPY_PROPERTY, TODAY).accept_terms, "v", "ada", at=AT)
    process = started(ProcessKind.JOIN_SUPPLIER)
    process.cancel("changed my mind", "ada", at=AT)
    refused("KT-CT-4501", process.accept_terms, "v", "ada", at=AT)


def test_a_dated_process_completes_on_its_day_and_not_before() -> None:
    process = started(ProcessKind.LEAVE_PROPERTY, TODAY + timedelta(days=2))
    assert process.complete_when_due(TODAY + timedelta(days=1), at=AT) is False
    assert process.complete_when_due(TODAY + timedelta(days=2), at=AT) is True
    assert process.status is ProcessStatus.COMPLETED
    assert process.complete_when_due(TODAY + timedelta(days=3), at=AT) is False
    assert names(process.collect_events()) == ["Completed"]


def test_a_join_supplier_process_is_never_due_by_date() -> None:
    assert started(ProcessKind.JOIN_SUPPLIER, TODAY).is_due(TODAY) is False


def test_a_finished_process_cannot_be_cancelled() -> None:
    process = started(ProcessKind.OCCUPY_PROPERTY, TODAY)
    process.cancel("x" * 900, "ada", at=AT)
    assert process.status is ProcessStatus.CANCELLED and len(process.cancellation_reason or "") == 500
    refused("KT-CT-10320", process.cancel, "again", "ada", at=AT)


def test_a_failed_process_is_finished() -> None:
    process = started(ProcessKind.OCCUPY_PROPERTY, TODAY)
    process.fail("the occupancy was refused", at=AT)
    assert process.status is ProcessStatus.FAILED and not process.is_active
    process.fail("again", at=AT)
    assert names(process.collect_events()) == ["Failed"]


def test_start_process_is_idempotent_on_its_key(supply: Supply) -> None:
    first = supply.start_process(ProcessKind.OCCUPY_PROPERTY, ADA, "7654321", TODAY, key="move-in:abc")
    again = supply.start_process(ProcessKind.OCCUPY_PROPERTY, ADA, "7654321", TODAY, key="move-in:abc")
    other = supply.start_process(ProcessKind.JOIN_SUPPLIER, ADA, None, None, key="join:abc")
    assert first == again != other
    process = supply.lifecycle_process(first)
    assert process is not None and process.account_number == ADA and process.property_id == "7654321"
    assert process.status is ProcessStatus.PENDING
    joined = supply.lifecycle_process(other)
    assert joined is not None and joined.kind is ProcessKind.JOIN_SUPPLIER and joined.property_id is None


def test_start_process_refuses_an_empty_or_unbounded_key(supply: Supply) -> None:
    with pytest.raises(ValueError):
        supply.start_process(ProcessKind.JOIN_SUPPLIER, ADA, None, None, key="")
    with pytest.raises(ValueError):
        supply.start_process(ProcessKind.JOIN_SUPPLIER, ADA, None, None, key="k" * 201)


def test_an_unknown_or_malformed_number_names_no_process(supply: Supply) -> None:
    assert supply.lifecycle_process("nope") is None
    assert supply.lifecycle_process(new_process_number()) is None
