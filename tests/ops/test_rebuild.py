"""`kraken rebuild <read model>`: drop it, replay it, and say how many events it took."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ops import following, runtime
from ops.cli import app
from settings import load
from workers import runtime as workers_runtime


def test_rebuild_replays_a_read_model_to_the_same_answer(tmp_path: Path, monkeypatch) -> None:
    # given the demo data, projected (an account enrolled, a ledger opened, 2000 points earned, 400
    # redeemed and the friend referral's points bonus earned: 5 events)
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    assert runner.invoke(app, ["seed"]).exit_code == 0
    settings = load()
    contexts = runtime.build(settings)
    workers_runtime.use(settings=settings, contexts=contexts)
    following.runner(settings, contexts).catch_up()
    rows = "SELECT user_id, balance FROM loyalty_ledgers ORDER BY user_id"
    before = contexts.read.store.rows(rows)
    # when
    result = runner.invoke(app, ["rebuild", "loyalty_points"])
    # then
    assert result.exit_code == 0, result.output
    assert "loyalty_points: rebuilt from 5 events." in result.output
    assert contexts.read.store.rows(rows) == before
    workers_runtime.reset()
    contexts.close()


def test_an_unknown_read_model_is_refused_with_the_known_ones(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(app, ["rebuild", "nope"])
    assert result.exit_code == 2 and "loyalty_points" in result.output


@pytest.mark.parametrize("name", ["loyalty_points", "payment_ledgers", "accounts"])
def test_the_progress_bar_and_the_final_count_agree(tmp_path: Path, monkeypatch, name: str) -> None:
    # given the demo data (each read model reads only some of its context's events)
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    assert runner.invoke(app, ["seed"]).exit_code == 0
    # when
    result = runner.invoke(app, ["rebuild", name])
    # then the bar ends at the number of events replayed, which the last line reports
    assert result.exit_code == 0, result.output
    replayed = re.search(rf"{name}: rebuilt from (\d+) events\.", result.output)
    assert replayed is not None, result.output
    count = int(replayed[1])
    bar = re.search(r"(\d+)/(\d+)", result.output)
    assert bar is not None and (int(bar[1]), int(bar[2])) == (count, count), result.output
    assert f"{count}/{count} events" in result.output
