"""`kraken up`'s supervisor on trivial children (no database): it restarts a dead child, backs off
while one keeps dying, stops them all, and leaves none behind when it is itself killed; and the
command's refusals and the units it writes."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ops.cli import app
from ops.topology.plan import KRAKEN, Child, Topology
from ops.topology.supervisor import Backoff, Supervisor, read_state

REPOSITORY = Path(__file__).resolve().parents[2]


def wait_for(condition: Callable[[], Any], seconds: float = 10.0) -> Any:
    deadline = time.monotonic() + seconds
    while not (value := condition()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)
    return value


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers signal 0: it has exited but not been reaped.
    return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"


def shell(script: str) -> Callable[[Child], list[str]]:
    return lambda child: ["sh", "-c", script]


@contextmanager
def supervising(supervisor: Supervisor) -> Iterator[Supervisor]:
    thread = threading.Thread(target=supervisor.run, kwargs={"handle_signals": False}, daemon=True)
    thread.start()
    try:
        yield supervisor
    finally:
        supervisor.request_stop()
        thread.join(timeout=30)
        assert not thread.is_alive(), "the supervisor did not stop"


def pids(state_file: Path) -> list[int | None]:
    state = read_state(state_file)
    return [child["pid"] for child in state["children"]] if state else []


def test_a_killed_child_is_started_again_and_the_state_file_shows_it(tmp_path: Path) -> None:
    # given two children running under the supervisor
    state_file = tmp_path / "state.json"
    children = [Child("sleeper", 1, ()), Child("sleeper", 2, ())]
    lines: list[str] = []
    supervisor = Supervisor(children, argv=shell("exec sleep 30"), state_file=state_file, say=lines.append)
    with supervising(supervisor):
        first, second = wait_for(lambda: len(found := pids(state_file)) == 2 and all(found) and found)
        # when the first is killed outright
        os.kill(first, signal.SIGKILL)
        # then it is started again, with a new pid and one restart, and the second is left alone
        state = wait_for(lambda: (s := read_state(state_file)) and s["children"][0]["restarts"] == 1 and s)
        again = state["children"][0]["pid"]
        assert again not in (first, None) and alive(again)
        assert state["children"][0]["last_exit"] == -signal.SIGKILL
        assert (state["children"][1]["pid"], state["children"][1]["restarts"]) == (second, 0)
        assert state["supervisor"] == os.getpid()
    # and when it stops, every child is gone and so is the state file
    wait_for(lambda: not alive(again) and not alive(second), 5)
    assert not state_file.exists()
    assert f"sleeper 1: pid {first} killed by signal 9" in "\n".join(lines)


def test_a_child_that_keeps_dying_is_restarted_more_and_more_slowly(tmp_path: Path) -> None:
    # given a child that exits at once, every time
    lines: list[str] = []
    backoff = Backoff(first_seconds=0.1, most_seconds=0.8, quick_seconds=5.0)
    supervisor = Supervisor([Child("broken", 1, ())], argv=shell("exit 3"), say=lines.append, backoff=backoff)
    # when it has died five times
    with supervising(supervisor):
        wait_for(lambda: sum("exited with 3" in line for line in lines) >= 5)
    # then each restart waited twice as long as the last, up to the most, and the loop was called one
    delays = [float(m.group(1)) for line in lines if (m := re.search(r"again in ([\d.]+) s", line))]
    assert delays[:5] == [0.2, 0.4, 0.8, 0.8, 0.8]
    assert "crash loop: it died 3 times in a row" in "\n".join(lines)
    assert supervisor.running[0].restarts >= 4


def test_a_death_after_a_good_run_is_restarted_soon() -> None:
    backoff = Backoff(first_seconds=0.5, most_seconds=30.0, quick_seconds=10.0)
    assert [backoff.delay(n) for n in (0, 1, 2, 3, 10)] == [0.5, 1.0, 2.0, 4.0, 30.0]
    # given a child that runs longer than "quick" before it dies, twice
    lines: list[str] = []
    quick = Backoff(first_seconds=0.1, most_seconds=5.0, quick_seconds=0.2)
    supervisor = Supervisor([Child("tired", 1, ())], argv=shell("sleep 0.4; exit 1"), say=lines.append, backoff=quick)
    with supervising(supervisor):
        wait_for(lambda: sum("exited with 1" in line for line in lines) >= 2)
    # then it never backs off beyond the first delay
    delays = [float(m.group(1)) for line in lines if (m := re.search(r"again in ([\d.]+) s", line))]
    assert delays[:2] == [0.1, 0.1]


def test_stopping_kills_a_child_that_ignores_sigterm_and_what_children_forked(tmp_path: Path) -> None:
    # given a child that ignores SIGTERM and one that forked a process of its own
    forked = tmp_path / "forked.pid"
    scripts = {1: "trap '' TERM; exec sleep 30", 2: f"sleep 31 & echo $! > {forked}; exec sleep 32"}
    supervisor = Supervisor(
        [Child("stubborn", 1, ()), Child("parent", 2, ())],
        argv=lambda child: ["sh", "-c", scripts[child.index]],
        say=lambda line: None,
        stop_seconds=0.5,
    )
    with supervising(supervisor):
        wait_for(lambda: forked.exists() and forked.read_text().strip())
        started = [running.pid for running in supervisor.running]
        grandchild = int(forked.read_text())
        stop_asked = time.monotonic()
    # then the stubborn one was killed after the timeout, and the forked process went with its parent
    assert time.monotonic() - stop_asked < 5
    # (SIGKILL is delivered, and an orphan reaped by init, a moment after it is sent)
    wait_for(lambda: not any(alive(pid) for pid in (*started, grandchild) if pid), 5)


def test_a_supervisor_killed_outright_leaves_no_child_behind(tmp_path: Path) -> None:
    # given a supervisor process with a child
    state_file = tmp_path / "state.json"
    program = (
        "import sys; from pathlib import Path; from ops.topology.plan import Child; "
        "from ops.topology.supervisor import Supervisor; "
        "Supervisor([Child('sleeper', 1, ())], argv=lambda c: ['sleep', '30'], "
        "state_file=Path(sys.argv[1])).run()"
    )
    supervisor = subprocess.Popen([sys.executable, "-c", program, str(state_file)], cwd=REPOSITORY)
    try:
        (child,) = wait_for(lambda: all(found := pids(state_file)) and found)
        # when it is killed with SIGKILL, which it cannot catch
        supervisor.kill()
        supervisor.wait()
        # then the kernel ends its child too
        wait_for(lambda: not alive(child), 5)
    finally:
        supervisor.kill()
        supervisor.wait()


# The command -------------------------------------------------------------------------------------


@pytest.fixture
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path))
    for name in ("KRAKEN_DATABASE_URL", "KRAKEN_BROKER_URL", "POSTGRES_DBNAME"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.usefixtures("environment")
def test_up_refuses_to_start_without_postgresql_or_a_broker(monkeypatch: pytest.MonkeyPatch) -> None:
    result = CliRunner().invoke(app, ["up", "--port", "0"])
    assert result.exit_code == 2
    assert "KRAKEN_DATABASE_URL" in result.output and "KRAKEN_BROKER_URL" in result.output
    # given a database but no broker
    monkeypatch.setenv("KRAKEN_DATABASE_URL", "postgresql://postgres@127.0.0.1:1/none")
    monkeypatch.setenv("KRAKEN_SECRET_KEY", "s" * 40)
    monkeypatch.setenv("KRAKEN_IDENTITY_CIPHER_KEY", "A" * 43 + "=")
    result = CliRunner().invoke(app, ["up", "--port", "0"])
    assert result.exit_code == 2
    assert "KRAKEN_BROKER_URL" in result.output and "KRAKEN_DATABASE_URL" not in result.output
    assert "Traceback" not in result.output


@pytest.mark.usefixtures("environment")
@pytest.mark.parametrize(
    "args",
    [
        ["--api", "33"],
        ["--workers", "-1"],
        ["--projectors", "5"],
        ["--worker-threads", "0"],
        ["--api", "0", "--workers", "0", "--projectors", "0", "--schedulers", "0"],
        ["--metrics-port", "0"],
        ["--metrics-port", "65534"],
    ],
)
def test_up_refuses_counts_out_of_bounds(args: list[str]) -> None:
    result = CliRunner().invoke(app, ["up", *args, "--print", "procfile", "/nonexistent/never-written"])
    assert result.exit_code == 2, result.output
    assert "Cannot run that topology" in result.output


def test_workers_projectors_and_schedulers_serve_their_metrics_on_consecutive_ports() -> None:
    plan = Topology(api=2, workers=2, projectors=1, schedulers=1, metrics_port=9300)
    ports = {child.name: child.args[child.args.index("--metrics-port") + 1] for child in plan.children(5)
             if "--metrics-port" in child.args}  # fmt: skip
    assert ports == {"worker 1": "9300", "worker 2": "9301", "projector 1": "9302", "scheduler 1": "9303"}
    assert [child.args for child in plan.children(5) if child.kind == "api"] == [("serve-socket", "--fd", "5")] * 2
    assert all("--metrics-port" not in child.args for child in Topology().children())


@pytest.mark.usefixtures("environment")
def test_up_prints_systemd_units_for_exactly_what_it_runs(tmp_path: Path) -> None:
    # when
    args = ["up", "--api", "3", "--workers", "2", "--schedulers", "2", "--host", "127.0.0.1", "--port", "8100"]
    result = CliRunner().invoke(app, [*args, "--print", "systemd", str(tmp_path / "units")])
    # then
    assert result.exit_code == 0, result.output
    units = {path.name: path.read_text() for path in (tmp_path / "units").iterdir()}
    assert sorted(units) == [
        "kraken-api.socket", "kraken-api@.service", "kraken-projector@.service", "kraken-scheduler@.service",
        "kraken-worker@.service", "kraken.target",
    ]  # fmt: skip
    wants = re.search(r"^Wants=(.*)$", units["kraken.target"], re.MULTILINE)
    assert wants is not None
    expected = [f"kraken-api@{n}.service" for n in (1, 2, 3)] + [f"kraken-worker@{n}.service" for n in (1, 2)]
    expected += ["kraken-projector@1.service", "kraken-scheduler@1.service", "kraken-scheduler@2.service"]
    assert wants.group(1).split() == expected
    plan = Topology(api=3, workers=2, schedulers=2)
    for kind in ("api", "worker", "projector", "scheduler"):
        unit = units[f"kraken-{kind}@.service"]
        assert f"ExecStart={KRAKEN} {' '.join(plan.command(kind))}\n" in unit
        assert "Restart=always\n" in unit and "EnvironmentFile=/etc/kraken/kraken.env\n" in unit
    assert "ListenStream=127.0.0.1:8100\n" in units["kraken-api.socket"]
    assert "Sockets=kraken-api.socket\n" in units["kraken-api@.service"]
    assert "serve-socket --fd 3" in units["kraken-api@.service"]


@pytest.mark.usefixtures("environment")
def test_systemd_instances_serve_their_metrics_on_the_ports_kraken_up_gives_them(tmp_path: Path) -> None:
    # when units are printed for a topology with a metrics port
    args = ["up", "--api", "2", "--workers", "2", "--metrics-port", "9300", "--print", "systemd", str(tmp_path)]
    result = CliRunner().invoke(app, args)
    # then each instance of the other kinds reads its own port from a drop-in, the API none
    assert result.exit_code == 0, result.output
    drop_ins = {path.parent.name: path.read_text() for path in tmp_path.glob("*.service.d/metrics-port.conf")}
    assert drop_ins == {
        "kraken-worker@1.service.d": "[Service]\nEnvironment=KRAKEN_METRICS_PORT=9300\n",
        "kraken-worker@2.service.d": "[Service]\nEnvironment=KRAKEN_METRICS_PORT=9301\n",
        "kraken-projector@1.service.d": "[Service]\nEnvironment=KRAKEN_METRICS_PORT=9302\n",
        "kraken-scheduler@1.service.d": "[Service]\nEnvironment=KRAKEN_METRICS_PORT=9303\n",
    }
    for kind in ("worker", "projector", "scheduler"):
        assert " --metrics-port ${KRAKEN_METRICS_PORT}\n" in (tmp_path / f"kraken-{kind}@.service").read_text()
    assert "--metrics-port" not in (tmp_path / "kraken-api@.service").read_text()


@pytest.mark.usefixtures("environment")
def test_up_prints_a_procfile(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["up", "--workers", "3", "--port", "8200", "--print", "procfile", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = dict(
        line.split(": ", 1) for line in (tmp_path / "Procfile").read_text().splitlines() if not line.startswith("#")
    )
    assert lines["api"].endswith("up --api 2 --workers 0 --projectors 0 --schedulers 0 --host 127.0.0.1 --port 8200")
    assert lines["worker"] == f"{KRAKEN} worker --processes 1 --threads 8"
    assert lines["projector"] == f"{KRAKEN} project"
    assert lines["scheduler"] == f"{KRAKEN} scheduler"
    assert "worker=3" in (tmp_path / "Procfile").read_text()


@pytest.mark.usefixtures("environment")
def test_up_print_needs_a_known_format_and_a_directory(tmp_path: Path) -> None:
    for args in (["--print", "docker", str(tmp_path)], ["--print", "systemd"]):
        result = CliRunner().invoke(app, ["up", *args])
        assert result.exit_code == 2, result.output


@pytest.mark.usefixtures("environment")
def test_serve_socket_refuses_a_descriptor_that_is_not_a_listening_socket(tmp_path: Path) -> None:
    with (tmp_path / "file").open("w") as not_a_socket:
        result = CliRunner().invoke(app, ["serve-socket", "--fd", str(not_a_socket.fileno())])
    assert result.exit_code == 2
    assert "not an open socket" in result.output or "not a listening" in result.output
    result = CliRunner().invoke(app, ["serve-socket", "--fd", "999"])
    assert result.exit_code == 2


@pytest.mark.usefixtures("environment")
def test_up_refuses_an_address_already_taken(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # given every setting the topology needs, and its port taken by another listener
    monkeypatch.setenv("KRAKEN_DATABASE_URL", "postgresql://postgres@127.0.0.1:1/none")
    monkeypatch.setenv("KRAKEN_SECRET_KEY", "s" * 40)
    monkeypatch.setenv("KRAKEN_IDENTITY_CIPHER_KEY", "A" * 43 + "=")
    monkeypatch.setenv("KRAKEN_BROKER_URL", "redis://127.0.0.1:1/0")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        # when
        result = CliRunner().invoke(app, ["up", "--host", "127.0.0.1", "--port", str(port)])
    # then nothing started, and the operator is told why
    assert result.exit_code == 2, result.output
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
    assert not (tmp_path / "topology.json").exists()
