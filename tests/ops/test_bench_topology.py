"""`kraken bench --topology`: a tiny run of one topology end to end, and its refusals."""

from __future__ import annotations

import base64
import os
import shutil
import uuid
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from ops.bench.topology import Shape, TopologyUnavailable, render_topology, run_topology
from ops.cli import app
from settings import Settings


def _settings(tmp_path: Path, database_url: str = "") -> Settings:
    return Settings(
        data_dir=str(tmp_path / "var"),
        database_url=database_url,
        secret_key="bench-secret-" + uuid.uuid4().hex,
        identity_cipher_key=base64.b64encode(os.urandom(32)).decode(),
    )


def test_the_topology_benchmark_needs_postgresql(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(TopologyUnavailable, match="KRAKEN_DATABASE_URL"):
        run_topology(_settings(tmp_path), seconds=1, concurrency=1, users=2)
    # and the command says so, in red, with exit code 2
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("KRAKEN_DATABASE_URL", raising=False)
    monkeypatch.delenv("POSTGRES_DBNAME", raising=False)
    result = CliRunner().invoke(app, ["bench", "--topology", "--seconds", "1"])
    assert result.exit_code == 2
    assert "Cannot run the topology benchmark" in result.output and "Traceback" not in result.output


@pytest.mark.postgres
def test_a_tiny_run_of_one_topology_measures_every_figure(tmp_path: Path, postgres_url: str) -> None:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    # when one topology is measured for a second per phase
    report = run_topology(_settings(tmp_path, postgres_url), seconds=1, concurrency=4, users=2, shapes=((1, 1),))
    # then it has every figure, against a ceiling measured in the same run
    assert report.ceiling.rate > 0
    (shape,) = report.shapes
    assert isinstance(shape, Shape), shape
    assert (shape.api, shape.workers) == (1, 1)
    assert shape.transfers.succeeded > 0 and shape.collect.succeeded > 0
    # every collection settled, through the broker and the worker
    assert shape.settlement.payments >= shape.collect.succeeded
    assert shape.settlement.settled == shape.settlement.payments
    assert shape.collect.cpu["API server"] > 0 and shape.collect.cpu["workers"] > 0
    assert shape.connections > 0
    console = Console(width=250, record=True)
    console.print(render_topology(report))
    assert "kraken bench --topology" in console.export_text()
