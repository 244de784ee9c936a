"""The API server under test: uvicorn and its workers as a subprocess, on the scratch settings."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ops import local_server
from ops.bench.processes import process_tree, status_kb
from settings import Settings

API_PATH = "/v1/graphql/"  # api.app.API_PATH; importing api.app here would build the whole schema for nothing
SERVER_START_TIMEOUT = 90.0
SERVER_START_ATTEMPTS = 10  # PostgreSQL workers racing to create the schema fail about half their starts


class Server:
    """`uvicorn ops.runtime:create_app --factory` as a subprocess, with the scratch settings in its environment."""

    def __init__(self, process: subprocess.Popen[bytes], url: str, log: Path) -> None:
        self.process, self.url, self.log = process, url, log

    @classmethod
    @contextmanager
    def running(cls, settings: Settings, workers: int, directory: Path, failures: list[str]) -> Iterator[Server]:
        """A server that answers; failed starts are retried and told to `failures`, to be reported."""
        server = cls._start(settings, workers, directory, failures)
        try:
            yield server
        finally:
            server.stop()

    @classmethod
    def _start(cls, settings: Settings, workers: int, directory: Path, failures: list[str]) -> Server:
        for attempt in range(1, SERVER_START_ATTEMPTS + 1):
            server = cls._spawn(settings, workers, directory / f"server-{attempt}.log")
            try:
                server.wait_until_ready(workers)
                return server
            except BaseException as exc:
                server.stop()
                if not isinstance(exc, ServerStartFailed) or attempt == SERVER_START_ATTEMPTS:
                    raise
                failures.append(exc.summary)
        raise AssertionError("unreachable")

    @classmethod
    def _spawn(cls, settings: Settings, workers: int, log: Path) -> Server:
        port = local_server.free_port()
        command = [
            sys.executable, "-m", "uvicorn", "ops.runtime:create_app", "--factory",
            "--workers", str(workers), "--host", "127.0.0.1", "--port", str(port),
            # As `kraken serve` does: forwarded headers only from the proxies the settings trust.
            *(["--forwarded-allow-ips", trusted] if (trusted := settings.trusted_proxies) else ["--no-proxy-headers"]),
        ]  # fmt: skip
        process = local_server.start(command, server_environment(settings), log)
        return cls(process, f"http://127.0.0.1:{port}{API_PATH}", log)

    def wait_until_ready(self, workers: int) -> None:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerStartFailed(f"the API server exited with {self.process.returncode}", self.log)
            # Every worker says so once its start-up hook (building the applications) has run.
            started = self.log.read_text(errors="replace").count("Application startup complete")
            if started >= workers and local_server.answers(self.url):
                return
            time.sleep(0.2)
        raise ServerStartFailed(f"the API server did not start within {SERVER_START_TIMEOUT:.0f} s", self.log)

    def pids(self) -> list[int]:
        return process_tree(self.process.pid)

    def peak_rss_mb(self) -> float:
        """The largest VmHWM (peak resident set) of the uvicorn parent and its workers."""
        peaks = [status_kb(pid, "VmHWM") for pid in self.pids()]
        return max((kb for kb in peaks if kb is not None), default=0) / 1024

    def stop(self) -> None:
        local_server.stop(self.process)


class ServerStartFailed(RuntimeError):
    """The server exited or never answered; the message carries its output from the first traceback."""

    def __init__(self, what: str, log: Path) -> None:
        lines = log.read_text(errors="replace").splitlines()
        first = next((n for n, line in enumerate(lines) if line.startswith("Traceback")), max(0, len(lines) - 60))
        super().__init__(f"{what}:\n" + "\n".join(lines[first : first + 80]))
        # The first exception line is the cause; uvicorn's own ERROR lines say which stage failed.
        cause = next((line.strip(" |") for line in lines if _EXCEPTION_LINE.match(line.strip(" |"))), "no exception")
        stages = [line.removeprefix("ERROR:").strip() for line in lines if _UVICORN_ERROR.match(line)]
        self.summary = f"{what}: {cause} ({' / '.join(stages)})"


_EXCEPTION_LINE = re.compile(r"^[\w.]+(Error|Exception|Error_)\w*: ")
_UVICORN_ERROR = re.compile(r"^ERROR:\s+[A-Z]")


def server_environment(settings: Settings) -> dict[str, str]:
    env = local_server.environment(settings)
    # libpq names the server's connections, so they can be told apart in pg_stat_activity.
    env["PGAPPNAME"] = application_name(settings)
    return env


def application_name(settings: Settings) -> str:
    return f"kraken-bench-{settings.database_schema}"
