"""`kraken loyalty campaign add|list` and `kraken loyalty contribution-scheme add|close|list`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ops.cli import app


def test_campaigns_are_added_and_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    add = ["loyalty", "campaign", "add", "leak-hunt", "--name", "Leak hunt", "--start", "2026-01-01"]
    added = runner.invoke(app, [*add, "--expiry", "2026-03-31"])
    assert added.output.strip() == "campaign leak-hunt: from 2026-01-01 until 2026-03-31"
    again = runner.invoke(app, add)
    assert again.exit_code == 1 and "Cannot add the campaign" in again.output
    listed = runner.invoke(app, ["loyalty", "campaign", "list"])
    assert listed.exit_code == 0 and "leak-hunt" in listed.output and "Leak hunt" in listed.output


def test_schemes_are_added_closed_reopened_and_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    scheme = ["loyalty", "contribution-scheme"]
    added = runner.invoke(app, [*scheme, "add", "ASSIST", "--name", "Customer assistance fund", "--taxable"])
    assert added.output.strip() == "contribution scheme ASSIST: accepting contributions"
    assert runner.invoke(app, [*scheme, "close", "ASSIST"]).output.strip() == (
        "contribution scheme ASSIST: not accepting contributions"
    )
    assert runner.invoke(app, [*scheme, "close", "ASSIST"]).output.strip() == (
        "contribution scheme ASSIST: not accepting contributions (already)"
    )
    listed = runner.invoke(app, [*scheme, "list"])
    assert "ASSIST" in listed.output and "Customer assistance fund" in listed.output
    assert runner.invoke(app, [*scheme, "close", "ASSIST", "--reopen"]).output.strip() == (
        "contribution scheme ASSIST: accepting contributions"
    )
    unknown = runner.invoke(app, [*scheme, "close", "NOPE"])
    assert unknown.exit_code == 1 and "Cannot change the scheme" in unknown.output
