"""The real processes of a production deployment, each of which a fault test can kill and start again:
a throwaway PostgreSQL cluster, a private Redis, and the `kraken` commands.

Every process is started in its own session (so that killing it takes its children too) and is
told to die with the test process (PR_SET_PDEATHSIG), so that a test killed halfway leaves no
database, broker or server behind. Nothing here touches the shared PostgreSQL or Redis.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import psycopg
import pytest
from redis import Redis, RedisError

from ops import local_server
from ops.topology import lifetime

REQUIRE_SERVICES = os.environ.get("KRAKEN_REQUIRE_SERVICES") == "1"
REPOSITORY = Path(__file__).resolve().parents[2]
KRAKEN = Path(sys.executable).with_name("kraken")
START_SECONDS = 60.0  # a `kraken` process imports the whole stack: ~3 s alone, more on a busy 2-core box
STOP_SECONDS = 15.0


def unavailable(what: str) -> None:
    """Skips the test, or fails it when CI requires every service (KRAKEN_REQUIRE_SERVICES=1)."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} (KRAKEN_REQUIRE_SERVICES=1 requires it)")
    pytest.skip(what)


def wait_until(condition: Callable[[], Any], seconds: float, what: str, interval: float = 0.2) -> Any:
    """Polls `condition` until it returns something truthy; fails naming `what` at the deadline."""
    deadline = time.monotonic() + seconds
    while True:
        if value := condition():
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds:g} s waiting for {what}")
        time.sleep(interval)


class Process:
    """One OS process (and whatever it forks), its output in `logs/<name>-<n>.log`, one file per start."""

    def __init__(self, name: str, command: Sequence[str], logs: Path, env: dict[str, str] | None = None) -> None:
        self.name, self.command, self.logs, self.env = name, list(command), logs, env
        self.user: str | None = None
        self.popen: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.log: Path = logs / f"{name}-0.log"

    def start(self) -> None:
        assert not self.alive, f"{self.name} is already running"
        self.starts += 1
        self.log = self.logs / f"{self.name}-{self.starts}.log"
        with self.log.open("wb") as output:
            self.popen = subprocess.Popen(
                self.command,
                cwd=REPOSITORY,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                user=self.user,
                group=pwd.getpwnam(self.user).pw_gid if self.user else None,
                extra_groups=[] if self.user else None,
                # In the child after any change of user (which would clear the setting).
                preexec_fn=lifetime.die_with_parent,
            )

    @property
    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    @property
    def pid(self) -> int:
        assert self.popen is not None
        return self.popen.pid

    def signal_group(self, signum: int) -> None:
        if self.popen is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signum)

    def kill(self) -> None:
        """kill -9 of the process and everything it forked: no clean shutdown, as a power cut would."""
        self.signal_group(signal.SIGKILL)
        if self.popen is not None:
            self.popen.wait(timeout=STOP_SECONDS)

    def stop(self, signum: int = signal.SIGTERM) -> None:
        """Asks it to stop; kills what is left of it after STOP_SECONDS."""
        if self.popen is None:
            return
        if self.popen.poll() is None:
            self.signal_group(signum)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(timeout=STOP_SECONDS)
        self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def all_output(self) -> str:
        return "".join(
            f"--- {path.name}\n{path.read_text(errors='replace')}"
            for path in sorted(self.logs.glob(f"{self.name}-*.log"))
        )


# PostgreSQL --------------------------------------------------------------------------------------


def _postgres_bin() -> Path | None:
    """The newest installed server's binaries (Debian keeps them off PATH), else initdb on PATH."""

    def version(path: str) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", path))

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=version)
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


class PostgresCluster:
    """A throwaway cluster in a temporary directory, on a free port, with trust authentication.

    initdb and the server refuse to run as root, so as root they run as the `postgres` user, in a
    directory that user owns (pytest's own temporary directories are private to root). The
    postmaster is a direct child, stopped with the signals `pg_ctl stop` sends: SIGINT for
    `-m fast`, SIGQUIT for `-m immediate` (a crash: no checkpoint, WAL recovery at the next start).
    """

    def __init__(self, bin_dir: Path, root: Path, user: str | None) -> None:
        self.bin_dir, self.root, self.user = bin_dir, root, user
        self.port = local_server.free_port()
        self.data = root / "data"
        (root / "logs").mkdir()
        self.server = Process("postgres", self._server_command(), root / "logs")
        self.server.user = user

    @classmethod
    def create(cls) -> PostgresCluster:
        bin_dir = _postgres_bin()
        if bin_dir is None:
            unavailable("PostgreSQL's server binaries (initdb) are not installed")
        assert bin_dir is not None
        user = None
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                unavailable("running as root and there is no `postgres` user to run initdb as")
            user = "postgres"
        root = Path(tempfile.mkdtemp(prefix="kraken-fault-pg-"))
        try:
            if user:
                account = pwd.getpwnam(user)
                os.chown(root, account.pw_uid, account.pw_gid)
            cluster = cls(bin_dir, root, user)
            subprocess.run(
                [str(bin_dir / "initdb"), "-D", str(cluster.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                 "--no-sync"],
                check=True, capture_output=True, timeout=120, user=user, cwd=root,
            )  # fmt: skip
        except BaseException:
            shutil.rmtree(root, ignore_errors=True)
            raise
        return cluster

    def _server_command(self) -> list[str]:
        # fsync off: the faults here kill processes, never the machine, so what reached the kernel
        # survives them; synchronous commit stays on, so a commit returns once its WAL is written out.
        settings = {
            "listen_addresses": "127.0.0.1",
            "unix_socket_directories": str(self.root),
            "max_connections": "300",
            "fsync": "off",
            "full_page_writes": "off",
            "shared_buffers": "32MB",
        }
        options = [arg for name, value in settings.items() for arg in ("-c", f"{name}={value}")]
        return [str(self.bin_dir / "postgres"), "-D", str(self.data), "-p", str(self.port), *options]

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def answers(self) -> bool:
        try:
            with psycopg.connect(self.url, connect_timeout=2) as db:
                db.execute("SELECT 1")
            return True
        except psycopg.OperationalError:
            return False

    def start(self) -> None:
        self.server.start()
        wait_until(lambda: self.answers() or not self.server.alive, START_SECONDS, "PostgreSQL to accept connections")
        assert self.server.alive, self.server.output()

    def stop(self, mode: str = "fast") -> None:
        signum = {"smart": signal.SIGTERM, "fast": signal.SIGINT, "immediate": signal.SIGQUIT}[mode]
        if self.server.alive and self.server.popen is not None:
            # The postmaster alone (SIGINT would cancel a backend's query): it stops its backends itself.
            os.kill(self.server.pid, signum)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.server.popen.wait(timeout=STOP_SECONDS)
        self.server.kill()

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


# Redis -------------------------------------------------------------------------------------------


class RedisServer:
    """A private redis-server on a free port, persisting like a broker in production would.

    A broker that forgets its queues on a restart loses every message it held: the outbox relay
    has moved past them, so nothing would send them again. So: the append-only file on, fsync once
    a second (the default); a killed redis-server loses nothing it acknowledged, since every write
    reaches the kernel before the reply. No RDB snapshots: the AOF is the durable copy.
    """

    def __init__(self, directory: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            unavailable("redis-server is not installed")
        directory.mkdir(parents=True, exist_ok=True)
        self.port = local_server.free_port()
        self.directory = directory
        command = [
            str(binary), "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(directory),
            "--save", "", "--appendonly", "yes", "--appendfsync", "everysec", "--protected-mode", "no",
        ]  # fmt: skip
        self.server = Process("redis", command, directory)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def answers(self) -> bool:
        try:
            with Redis(port=self.port, socket_connect_timeout=1, socket_timeout=1) as client:
                return bool(client.ping())
        except RedisError:
            return False

    def start(self) -> None:
        self.server.start()
        wait_until(lambda: self.answers() or not self.server.alive, START_SECONDS, "Redis to answer PING")
        assert self.server.alive, self.server.output()

    def kill(self) -> None:
        self.server.kill()

    def stop(self) -> None:
        self.server.stop()


# The kraken commands -----------------------------------------------------------------------------


class Kraken(Process):
    """`kraken <command>` with the deployment's environment."""

    def __init__(self, name: str, args: Sequence[str], env: dict[str, str], logs: Path) -> None:
        super().__init__(name, [str(KRAKEN), *args], logs, env)


class Api(Kraken):
    """`kraken serve`: one uvicorn process (no forked workers, so killing it kills the API)."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        super().__init__("api", ["serve"], env, logs)
        self.url = f"http://{env['KRAKEN_HOST']}:{env['KRAKEN_PORT']}/v1/graphql/"

    def answers(self) -> bool:
        return local_server.answers(self.url)

    def start_and_wait(self) -> None:
        self.start()
        self.wait_ready()

    def wait_ready(self) -> None:
        wait_until(lambda: self.answers() or not self.alive, START_SECONDS, "the API to answer")
        assert self.alive, self.output()


class Worker(Kraken):
    """`kraken worker`: Dramatiq's main process and the worker process it forks."""

    def __init__(self, env: dict[str, str], logs: Path, processes: int = 1, threads: int = 4) -> None:
        super().__init__("worker", ["worker", "--processes", str(processes), "--threads", str(threads)], env, logs)

    def wait_ready(self) -> None:
        wait_until(
            lambda: "is ready for action" in self.output() or not self.alive, START_SECONDS, "the worker to be ready"
        )
        assert self.alive, self.output()
