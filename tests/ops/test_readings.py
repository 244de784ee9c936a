"""`kraken reading held | release | reject | quarantine`: an operator's review of meter readings."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from domain.accounts import commands as accounts
from domain.supply import commands
from domain.supply.errors import MeterReadingHeld
from ops import runtime
from ops.cli import app
from settings import load


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path))
    return CliRunner()


@pytest.fixture
def held(cli: CliRunner) -> str:
    """A meter at a home, read 100 ten days ago and then 20 today: the second reading is held; its id."""
    settings = load()
    contexts = runtime.build(settings)
    try:
        number = contexts.accounts.open_account("Ada Lovelace").number
        today = contexts.supply.clock.now().date()
        home = contexts.accounts.register_property(
            accounts.RegisterProperty(
                account_number=number, lines=("1 Mill Lane",), postcode="DE1 2AB", occupied_from=today - timedelta(30)
            )
        )
        meter = contexts.supply.install_meter(
            commands.InstallMeter(home.property_id, "SN-1", today - timedelta(10), 100, "ops")
        )
        with pytest.raises(MeterReadingHeld):
            contexts.supply.submit_meter_reading(commands.SubmitMeterReading(number, "SN-1", 20, today, "user"))
        # The actors (the reading's confirmation) run on these applications, and are handed back after.
        with runtime.settling(settings, contexts) as settle:
            settle()
        return f"{meter.meter_id}-2"
    finally:
        contexts.close()


def test_the_held_reading_is_listed_then_released(cli: CliRunner, held: str) -> None:
    listed = cli.invoke(app, ["reading", "held"])
    assert listed.exit_code == 0 and listed.output.split()[0] == held
    assert "LOWER_THAN_LAST" in listed.output
    released = cli.invoke(app, ["reading", "release", held])
    assert released.exit_code == 0 and released.output.strip() == f"reading {held} of meter SN-1: accepted"
    # a released reading is no longer held: it cannot be released or rejected again
    again = cli.invoke(app, ["reading", "reject", held])
    assert again.exit_code == 1 and "Cannot reject" in again.output


def test_a_held_reading_is_rejected_or_quarantined(cli: CliRunner, held: str) -> None:
    quarantined = cli.invoke(app, ["reading", "quarantine", held])
    assert quarantined.exit_code == 0 and quarantined.output.strip().endswith(": quarantined")
    unknown = cli.invoke(app, ["reading", "release", "nonsense"])
    assert unknown.exit_code == 1
