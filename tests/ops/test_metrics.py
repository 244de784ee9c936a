"""Where each process kind's metrics go: `kraken serve`'s processes share one directory, which it
empties first; `kraken project`, `scheduler` and `worker` serve theirs on --metrics-port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from prometheus_client.mmap_dict import MmapedDict
from prometheus_client.parser import text_string_to_metric_families
from typer.testing import CliRunner

from ops import local_server, runtime
from ops import metrics as process_metrics
from ops.cli import app
from settings import Settings

STARTUP_SECONDS = 90


def samples(url: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    text = httpx.get(url, timeout=5).text
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def wait_for(condition: Callable[[], bool], process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            if condition():
                return
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"never came true:\n{log.read_text(errors='replace')[-4000:]}")
        time.sleep(0.3)


def test_kraken_project_serves_its_metrics_and_lag(settings: Settings, tmp_path: Path) -> None:
    # given an account opened that no read model has applied yet, and an inherited multiprocess directory
    contexts = runtime.build(settings)
    contexts.accounts.open_account("Ada")
    contexts.close()
    shared = tmp_path / "api-metrics"
    shared.mkdir()
    environment = {**local_server.environment(settings), "PROMETHEUS_MULTIPROC_DIR": str(shared)}
    port = local_server.free_port()
    log = tmp_path / "project.log"
    # when `kraken project --metrics-port` runs
    command = [sys.executable, "-m", "ops.cli", "project", "--metrics-port", str(port)]
    process = local_server.start(command, environment, log)
    url = f"http://127.0.0.1:{port}/metrics"
    followed = ("kraken_followed_events_total", frozenset({("follower", "accounts")}))
    try:
        wait_for(lambda: samples(url).get(followed) == 1, process, log)
        found = samples(url)
        # then it serves what it did and, measured as it is scraped, how far each read model lags
        assert found[("kraken_projection_lag_events", frozenset({("projection", "accounts")}))] == 0
        assert found[("kraken_outbox_depth_events", frozenset({("follower", "outbox:draw_referral_code")}))] == 0
        assert (
            found[("kraken_actor_runs_total", frozenset({("actor", "draw_referral_code"), ("outcome", "success")}))]
            == 1
        )
        # from a directory of its own, not the API's
        [own] = shared.iterdir()
        assert own.name == f"project-{process.pid}" and list(own.glob("counter_*.db"))
    finally:
        local_server.stop(process)
    # which it removes when it stops
    assert list(shared.iterdir()) == []


def test_a_metrics_port_already_taken_is_a_clear_error(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # given a port something else listens on
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        # when
        result = CliRunner().invoke(app, ["scheduler", "--metrics-port", str(port)])
    # then
    assert result.exit_code == 2
    assert "Cannot serve metrics on 127.0.0.1:" in result.output
    assert "Traceback" not in result.output


WRITE_RUNS = """
from projections import metrics
metrics.ACTOR_RUNS.labels("send_mfa_code", "success").inc(2)
"""


def test_the_workers_metrics_are_served_by_a_process_beside_them(tmp_path: Path) -> None:
    # given two worker processes that wrote into their directory
    directory = tmp_path / "worker-metrics"
    directory.mkdir()
    environment = {**local_server.inherited_environment(), "PROMETHEUS_MULTIPROC_DIR": str(directory)}
    for _ in range(2):
        subprocess.run([sys.executable, "-c", WRITE_RUNS], env=environment, check=True, timeout=60)
    # when Dramatiq's fork function serves them
    port = local_server.free_port()
    environment |= {process_metrics.WORKER_PORT: str(port), "KRAKEN_HOST": "127.0.0.1"}
    command = [sys.executable, "-c", "from ops.metrics import serve_worker_metrics; serve_worker_metrics()"]
    log = tmp_path / "fork.log"
    process = local_server.start(command, environment, log)
    url = f"http://127.0.0.1:{port}/metrics"
    runs = ("kraken_actor_runs_total", frozenset({("actor", "send_mfa_code"), ("outcome", "success")}))
    try:
        # then it answers both processes' runs, added up
        wait_for(lambda: samples(url).get(runs) == 4, process, log)
    finally:
        local_server.stop(process)


@pytest.fixture
def executed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Any]:
    """What `kraken worker` would exec."""
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KRAKEN_BROKER_URL", "redis://127.0.0.1:6379/0")
    seen: dict[str, Any] = {}

    def execve(path: str, command: list[str], environment: dict[str, str]) -> None:
        seen.update(command=command, environment=environment)

    monkeypatch.setattr(os, "execve", execve)
    return seen


def test_kraken_worker_forks_a_metrics_server_over_a_directory_of_its_own(
    executed: dict[str, Any], tmp_path: Path
) -> None:
    # given a stale file of an earlier run
    directory = tmp_path / "metrics" / "worker-9300"
    directory.mkdir(parents=True)
    (directory / "counter_1.db").write_bytes(b"old")
    # when
    result = CliRunner().invoke(app, ["worker", "--metrics-port", "9300"])
    # then
    assert result.exit_code == 0, result.output
    assert executed["command"][-2:] == ["--fork-function", "ops.metrics:serve_worker_metrics"]
    assert executed["environment"]["PROMETHEUS_MULTIPROC_DIR"] == str(directory)
    assert executed["environment"][process_metrics.WORKER_PORT] == "9300"
    assert list(directory.iterdir()) == []


def test_kraken_worker_without_a_port_writes_no_files(
    executed: dict[str, Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # given the API's directory in the environment
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "api"))
    # when
    result = CliRunner().invoke(app, ["worker"])
    # then its workers keep their metrics in memory, out of the API's directory
    assert result.exit_code == 0, result.output
    assert "--fork-function" not in executed["command"]
    assert "PROMETHEUS_MULTIPROC_DIR" not in executed["environment"]


def test_a_bad_metrics_port_is_refused(executed: dict[str, Any]) -> None:
    result = CliRunner().invoke(app, ["worker", "--metrics-port", "70000"])
    assert result.exit_code == 2
    assert executed == {}


def test_kraken_serve_empties_the_shared_directory_first(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # given a multiprocess directory holding an earlier run's files
    directory = tmp_path / "prometheus"
    directory.mkdir()
    (directory / "counter_123.db").write_bytes(b"old")
    (directory / "gauge_livemax_123.db").write_bytes(b"old")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(directory))
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("KRAKEN_HOST", "127.0.0.1")
    monkeypatch.setenv("KRAKEN_PORT", "8000")
    handed: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda application, **options: handed.update(options))
    # when
    result = CliRunner().invoke(app, ["serve", "--workers", "2"])
    # then the API processes start from an empty directory, logging as configured
    assert result.exit_code == 0, result.output
    assert list(directory.iterdir()) == []
    assert handed["workers"] == 2
    assert handed["log_config"]["root"]["handlers"] == ["kraken"]


def answering(directory: Path) -> set[str]:
    """The files of the processes that counted a request (the parent that seeded the demo counted none)."""
    return {
        path.name
        for path in directory.glob("counter_*.db")
        if any("kraken_requests" in key for key, *_ in MmapedDict.read_all_values_from_file(str(path)))
    }


@pytest.mark.parametrize("workers", [1, 2])
def test_api_processes_answer_for_each_other(settings: Settings, tmp_path: Path, workers: int) -> None:
    # given `kraken serve --workers N` sharing one multiprocess directory (with one, the process that
    # seeded the demo serves the API, writing on into the files it opened)
    directory = tmp_path / "prometheus"
    environment = {**local_server.environment(settings), "PROMETHEUS_MULTIPROC_DIR": str(directory)}
    port = local_server.free_port()
    command = [
        sys.executable,
        "-m",
        "ops.cli",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    log = tmp_path / "serve.log"
    process = local_server.start(command, environment, log)
    base = f"http://127.0.0.1:{port}"
    key = ("kraken_requests_total", frozenset({("server", "api"), ("operation", "introspection"), ("outcome", "ok")}))
    try:
        wait_for(lambda: local_server.answers(f"{base}/v1/graphql/"), process, log)
        # when both processes have answered requests (each answers some, on new connections)
        sent = 0
        while len(answering(directory)) < workers or sent < 20:
            with httpx.Client(timeout=10) as client:
                assert client.post(f"{base}/v1/graphql/", json={"query": "{ __typename }"}).status_code == 200
            sent += 1
            assert sent < 500, "one process answered every request"
        # then every scrape, whichever process answers it, counts every request
        counted = {samples(f"{base}/metrics").get(key) for _ in range(6)}
    finally:
        local_server.stop(process)
    # (the probe that waited for the server is one more)
    assert counted == {sent + 1}
