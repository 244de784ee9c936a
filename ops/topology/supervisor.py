"""A small process supervisor: starts children, restarts one that dies, stops them all on request.

The standard library is enough for what `kraken up` needs (a few children of four kinds on one machine,
restarted alone, a state file), and a supervisor library (honcho, supervisord) would either not restart
a child (honcho stops everything when one exits) or bring its own configuration format and daemon.

- Each child runs in a session of its own, so that what it forks (Dramatiq's worker process) is
  reached through its process group, and is told to die with the supervisor (PR_SET_PDEATHSIG): a
  supervisor killed outright leaves no orphan.
- A child that exits, however, is restarted after a backoff: short for one that had been running a
  while, doubling for each death within `quick_seconds` of its start (a crash loop, logged), up to
  `most_seconds`. Whatever its process group still holds is killed first.
- SIGTERM or SIGINT stops every child with SIGTERM, waits up to `stop_seconds`, then kills what is
  left; a second signal kills at once.
- The state file (JSON, replaced atomically at every change) lists each child's kind, index, pid and
  restarts, for operators and tests to find them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

from ops.topology.lifetime import die_with_parent
from ops.topology.plan import Child

POLL_SECONDS = 0.1
CRASH_LOOP = 3  # deaths in a row, each soon after its start, that make a crash loop worth a warning


@dataclasses.dataclass(frozen=True)
class Backoff:
    """How long a dead child waits before it is started again."""

    first_seconds: float = 0.5  # after a death that ended a good run
    most_seconds: float = 30.0
    quick_seconds: float = 10.0  # a child that dies sooner than this after its start died "quickly"

    def delay(self, quick_deaths: int) -> float:
        return min(self.most_seconds, self.first_seconds * float(2 ** min(quick_deaths, 30)))


@dataclasses.dataclass
class Running:
    """One child and what the supervisor knows of it."""

    child: Child
    popen: subprocess.Popen[bytes] | None = None
    restarts: int = 0
    started_at: float = 0.0
    quick_deaths: int = 0
    due_at: float = 0.0  # when a dead child is started again
    last_exit: int | None = None

    @property
    def pid(self) -> int | None:
        return self.popen.pid if self.popen is not None else None


class Supervisor:
    def __init__(
        self,
        children: Sequence[Child],
        *,
        argv: Callable[[Child], list[str]] = Child.argv,
        env: Mapping[str, str] | None = None,
        pass_fds: Sequence[int] = (),
        state_file: Path | None = None,
        say: Callable[[str], None] = print,
        backoff: Backoff | None = None,
        stop_seconds: float = 20.0,
        address: str | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.running = [Running(child) for child in children]
        self.argv, self.env, self.pass_fds = argv, dict(env) if env is not None else None, tuple(pass_fds)
        self.state_file, self.say = state_file, say
        self.backoff = backoff or Backoff()
        self.stop_seconds, self.address, self.cwd = stop_seconds, address, cwd
        self._stop = threading.Event()
        self._kill_now = False

    # Lifetime ------------------------------------------------------------------------------------

    def run(self, handle_signals: bool = True) -> None:
        """Starts every child and keeps them running until `request_stop` (or SIGTERM/SIGINT when
        `handle_signals`, which needs the main thread); then stops them all."""
        previous: dict[signal.Signals, Any] = {}
        if handle_signals:
            for signum in (signal.SIGTERM, signal.SIGINT):
                previous[signum] = signal.signal(signum, self._on_signal)
        try:
            for running in self.running:
                self._start(running)
            self._write_state()
            while not self._stop.wait(POLL_SECONDS):
                self.step()
        finally:
            self.stop_all()
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def request_stop(self, kill_now: bool = False) -> None:
        self._kill_now = self._kill_now or kill_now
        self._stop.set()

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        # A second signal while stopping: the operator does not want to wait.
        self.request_stop(kill_now=self._stop.is_set())

    def step(self) -> None:
        """Notices dead children and starts those whose backoff has passed."""
        changed = False
        now = time.monotonic()
        for running in self.running:
            if running.popen is not None and (code := running.popen.poll()) is not None:
                self._died(running, code, now)
                changed = True
            elif running.popen is None and now >= running.due_at and not self._stop.is_set():
                running.restarts += 1
                self._start(running)
                changed = True
        if changed:
            self._write_state()

    def _start(self, running: Running) -> None:
        child = running.child
        running.popen = subprocess.Popen(
            self.argv(child),
            cwd=self.cwd,
            env=self.env,
            stdin=subprocess.DEVNULL,
            pass_fds=self.pass_fds,
            start_new_session=True,
            preexec_fn=die_with_parent,
        )
        running.started_at = time.monotonic()
        where = f" serving {self.address}" if child.kind == "api" and self.address else ""
        again = f" (restart {running.restarts})" if running.restarts else ""
        self.say(f"{child.name}: pid {running.popen.pid}{where}{again}")

    def _died(self, running: Running, code: int, now: float) -> None:
        assert running.popen is not None
        pid = running.popen.pid
        # What it forked goes with it, before a new one starts beside it.
        _kill_group(pid)
        lived = now - running.started_at
        running.quick_deaths = running.quick_deaths + 1 if lived < self.backoff.quick_seconds else 0
        delay = self.backoff.delay(running.quick_deaths)
        running.popen, running.last_exit, running.due_at = None, code, now + delay
        how = f"killed by signal {-code}" if code < 0 else f"exited with {code}"
        message = f"{running.child.name}: pid {pid} {how} after {lived:.1f} s; starting it again in {delay:.1f} s"
        if running.quick_deaths >= CRASH_LOOP:
            message += (
                f" (crash loop: it died {running.quick_deaths} times in a row within "
                f"{self.backoff.quick_seconds:g} s of starting)"
            )
        self.say(message)

    def stop_all(self) -> None:
        """SIGTERM to every child, up to `stop_seconds` for them to exit, then SIGKILL to what is left."""
        alive = [r for r in self.running if r.popen is not None and r.popen.poll() is None]
        if alive and not self._kill_now:
            self.say(f"stopping {len(alive)} processes")
            for running in alive:
                assert running.popen is not None
                with contextlib.suppress(ProcessLookupError):
                    running.popen.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + self.stop_seconds
            while any(r.popen is not None and r.popen.poll() is None for r in alive):
                if self._kill_now or time.monotonic() > deadline:
                    self.say("killing what did not stop in time")
                    break
                time.sleep(POLL_SECONDS)
        for running in self.running:
            if running.popen is not None:
                _kill_group(running.popen.pid)
                running.popen.wait()
        if self.state_file is not None:
            with contextlib.suppress(FileNotFoundError):
                self.state_file.unlink()

    # The state file ------------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        return {
            "supervisor": os.getpid(),
            "address": self.address,
            "updated": datetime.now(UTC).isoformat(),
            "children": [
                {
                    "kind": r.child.kind,
                    "index": r.child.index,
                    "pid": r.pid,
                    "restarts": r.restarts,
                    "last_exit": r.last_exit,
                    "command": self.argv(r.child),
                }
                for r in self.running
            ],
        }

    def _write_state(self) -> None:
        if self.state_file is None:
            return
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        partial = self.state_file.with_name(self.state_file.name + ".partial")
        partial.write_text(json.dumps(self.state(), indent=1))
        os.replace(partial, self.state_file)


def _kill_group(pid: int) -> None:
    # The group outlives its leader while anything in it runs, so its id is not reused meanwhile.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def read_state(path: Path) -> dict[str, Any] | None:
    """The state file's content, or None while there is none (the supervisor not started, or stopped)."""
    try:
        state: dict[str, Any] = json.loads(path.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    return state
