"""`kraken measurements`: the simulated feed of a household's water use, and importing feed files."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from domain.supply import commands
from domain.supply.measurement_store import SeriesQuery
from domain.supply.measurements import Frequency
from domain.supply.water_meter import MeterCapability
from ops import runtime
from ops.cli import app
from ops.seed import _demo_consumption
from settings import load
from tests.api.accounts.homes import home as home_of

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path / "var"))
    return CliRunner()


def simulate(cli: CliRunner, out: Path, *args: str) -> list[dict[str, str]]:
    result = cli.invoke(app, ["measurements", "simulate", "SMART-1", "--output", str(out), *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text().splitlines()]


def test_the_simulated_feed_is_a_households_use_in_local_days(cli: CliRunner, tmp_path: Path) -> None:
    # when: the week of the spring clock change, half-hourly, for two people
    records = simulate(cli, tmp_path / "feed.json", "--days", "7", "--end", "2026-03-31", "--occupants", "2")
    again = simulate(cli, tmp_path / "again.json", "--days", "7", "--end", "2026-03-31", "--occupants", "2")
    # then
    assert records == again
    per_day: dict[date, list[float]] = defaultdict(list)
    for record in records:
        per_day[datetime.fromisoformat(record["start"]).astimezone(LONDON).date()].append(float(record["value"]))
    assert sorted(per_day) == [date(2026, 3, d) for d in range(25, 32)]
    assert len(per_day[date(2026, 3, 29)]) == 46 and len(per_day[date(2026, 3, 30)]) == 48
    # About 140 litres a person a day, give or take a day's variation.
    assert all(2 * 140 * 0.6 < sum(values) < 2 * 140 * 1.5 for values in per_day.values())
    night = [float(r["value"]) for r in records if datetime.fromisoformat(r["start"]).astimezone(LONDON).hour == 3]
    morning = [float(r["value"]) for r in records if datetime.fromisoformat(r["start"]).astimezone(LONDON).hour == 8]
    assert sum(morning) > 10 * sum(night)


def test_daily_reads_run_from_local_midnight(cli: CliRunner, tmp_path: Path) -> None:
    records = simulate(cli, tmp_path / "daily.json", "--days", "3", "--end", "2026-10-26", "--interval", "1d")
    assert [(r["start"], r["end"]) for r in records] == [
        ("2026-10-23T23:00:00+00:00", "2026-10-24T23:00:00+00:00"),
        ("2026-10-24T23:00:00+00:00", "2026-10-26T00:00:00+00:00"),
        ("2026-10-26T00:00:00+00:00", "2026-10-27T00:00:00+00:00"),
    ]


def test_a_bad_interval_or_file_is_refused(cli: CliRunner, tmp_path: Path) -> None:
    bad = cli.invoke(app, ["measurements", "simulate", "SMART-1", "--interval", "7m"])
    missing = cli.invoke(app, ["measurements", "import", str(tmp_path / "nothing.csv")])
    assert bad.exit_code == 2 and missing.exit_code == 2


@pytest.fixture
def meter(cli: CliRunner) -> str:
    """A smart meter fitted on 1 March 2026 at a home occupied since February; its property id."""
    contexts = runtime.build(load())
    try:
        number = contexts.accounts.open_account("Ada Lovelace").number
        home = home_of(contexts, number, date(2026, 2, 1))
        contexts.supply.install_meter(
            commands.InstallMeter(
                home,
                "SMART-1",
                date(2026, 3, 1),
                0,
                "ops",
                capability_type=MeterCapability.SMART,
                meter_point_reference="MSP000001",
            )
        )
        return home
    finally:
        contexts.close()


def test_a_feed_is_imported_once_and_a_bad_file_not_at_all(cli: CliRunner, tmp_path: Path, meter: str) -> None:
    # given a simulated week of half-hourly reads, and a CSV with one good line and two bad ones
    feed = tmp_path / "week.json"
    simulate(cli, feed, "--days", "7", "--end", "2026-03-31")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "device,start,end,value,unit\n"
        "SMART-1,2026-03-02T00:00:00+00:00,2026-03-02T00:30:00+00:00,0.01,m3\n"
        "SMART-1,2026-02-27T00:00:00+00:00,2026-02-27T00:30:00+00:00,0.01,m3\n"
        "SMART-1,2026-03-02T01:00:00+00:00,2026-03-02T01:30:00+00:00,lots,m3\n"
    )
    # when
    first = cli.invoke(app, ["measurements", "import", str(feed)])
    again = cli.invoke(app, ["measurements", "import", str(feed), "--format", "json"])
    refused = cli.invoke(app, ["measurements", "import", str(bad)])
    # then
    assert first.exit_code == 0
    assert first.output.startswith("334 reads in 1 batches, 334 new")
    assert again.exit_code == 0 and "334 reads in 1 batches, 0 new" in again.output
    assert refused.exit_code == 1
    assert "line 3:" in refused.output and "line 4:" in refused.output and "Nothing was imported" in refused.output
    contexts = runtime.build(load())
    try:
        device = contexts.supply.measured_device("SMART-1")
        assert device is not None and device.property_id == meter
        [count] = contexts.supply.measurements.counts(
            [SeriesQuery((device,), 0, 2**40, Frequency.RAW_INTERVAL, "Europe/London", 1)]
        )
        assert count == 334
    finally:
        contexts.close()


def test_the_demo_meter_gets_a_year_of_daily_consumption(cli: CliRunner, meter: str) -> None:
    contexts = runtime.build(load())
    try:
        # when the demo's year ends on 31 December 2026, for a meter fitted on 1 March
        stored = _demo_consumption(contexts, "SMART-1", date(2026, 12, 31))
        # then it has a read a day from the day it was fitted
        device = contexts.supply.measured_device("SMART-1")
        assert device is not None
        [days] = contexts.supply.measurements.counts(
            [SeriesQuery((device,), 0, 2**40, Frequency.DAY_INTERVAL, "Europe/London", 1)]
        )
        assert stored == days == (date(2026, 12, 31) - date(2026, 3, 1)).days + 1
    finally:
        contexts.close()
