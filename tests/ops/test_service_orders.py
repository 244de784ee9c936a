"""`kraken service-order list | survey | not-practicable | cancel` and `kraken property rateable-value`:
an operator's side of meter applications and unmeasured charges."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from domain.supply import commands
from ops import runtime
from ops.cli import app
from settings import load
from tests.api.accounts.homes import home


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path))
    return CliRunner()


@pytest.fixture
def applied(cli: CliRunner) -> tuple[str, str]:
    """Ada applied for a meter at her home; the order's number and the property's id."""
    settings = load()
    contexts = runtime.build(settings)
    try:
        number = contexts.accounts.open_account("Ada Lovelace").number
        today = contexts.supply.clock.now().date()
        property_id = home(contexts, number, today - timedelta(days=30))
        order = contexts.supply.create_service_order(
            commands.CreateServiceOrder(account_number=number, property_id=property_id, notes="", raised_by="user")
        )
        with runtime.settling(settings, contexts) as settle:
            settle()
        return order.number, property_id
    finally:
        contexts.close()


def catch_up() -> None:
    settings = load()
    contexts = runtime.build(settings)
    try:
        with runtime.settling(settings, contexts) as settle:
            settle()
    finally:
        contexts.close()


def test_an_application_is_listed_surveyed_and_found_not_practicable(cli: CliRunner, applied: tuple[str, str]) -> None:
    number, property_id = applied
    listed = cli.invoke(app, ["service-order", "list", "--status", "pending"])
    assert listed.exit_code == 0 and listed.output.split()[:2] == [number, "PENDING"], listed.output
    assert f"property {property_id}" in listed.output
    # when the survey is booked, then the meter found impossible to fit
    surveyed = cli.invoke(app, ["service-order", "survey", number, "--on", "2026-12-10"])
    assert (
        surveyed.exit_code == 0 and surveyed.output.strip() == f"service order {number}: survey booked for 2026-12-10"
    )
    closed = cli.invoke(app, ["service-order", "not-practicable", number, "--reason", "no access to the supply pipe"])
    assert closed.exit_code == 0 and "not practicable" in closed.output
    # then the order is no longer open, and a closed order cannot be cancelled
    catch_up()
    assert cli.invoke(app, ["service-order", "list", "--status", "PENDING,IN_PROGRESS"]).output == "no service orders\n"
    cancelled = cli.invoke(app, ["service-order", "cancel", number, "--reason", "changed mind"])
    assert cancelled.exit_code == 1 and f"Cannot change service order {number}" in cancelled.output


@pytest.mark.parametrize(
    ("arguments", "exit_code"),
    [
        (["service-order", "list", "--status", "LOST"], 2),
        (["service-order", "survey", "SO-NOPE", "--on", "tomorrow"], 2),
        (["service-order", "survey", "SO-NOPE"], 1),
        (["service-order", "cancel", "SO-NOPE", "--reason", "x"], 1),
    ],
)
def test_an_unknown_status_day_or_order_is_refused(
    cli: CliRunner, applied: tuple[str, str], arguments: list[str], exit_code: int
) -> None:
    assert cli.invoke(app, arguments).exit_code == exit_code


def test_a_rateable_value_is_recorded_in_pence_exactly(cli: CliRunner, applied: tuple[str, str]) -> None:
    _, property_id = applied
    # when
    result = cli.invoke(app, ["property", "rateable-value", property_id, "245.10"])
    # then
    assert result.exit_code == 0 and result.output.strip() == f"property {property_id}: rateable value £245.10"
    contexts = runtime.build(load())
    try:
        basis = contexts.supply.charge_basis(property_id)
        assert basis is not None and basis.rateable_value == 24_510
    finally:
        contexts.close()


@pytest.mark.parametrize(
    ("amount", "exit_code"),
    [
        ("245.105", 2),
        ("nan", 2),
        ("inf", 2),
        ("1e999999999", 2),
        ("pounds", 2),
        ("0", 1),
        ("0.00", 1),
        ("100000.01", 1),
    ],
)
def test_an_amount_that_is_not_pounds_and_pence_or_out_of_range_is_refused(
    cli: CliRunner, applied: tuple[str, str], amount: str, exit_code: int
) -> None:
    _, property_id = applied
    assert cli.invoke(app, ["property", "rateable-value", property_id, amount]).exit_code == exit_code
