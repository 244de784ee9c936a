"""`kraken measurements`: the simulated feed of a household's water use, and importing feed files."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from ops.cli import app

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
