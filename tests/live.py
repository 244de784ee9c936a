"""`kraken serve` as a real process on a free loopback port, for tests that need a real server."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx
import msgspec

from settings import Settings

STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def environment(settings: Settings) -> dict[str, str]:
    """Exactly these settings: inherited KRAKEN_* variables would override them."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(("KRAKEN_", "POSTGRES_"))}
    for setting in msgspec.structs.fields(Settings):
        value = getattr(settings, setting.name)
        env[f"KRAKEN_{setting.name.upper()}"] = str(value).lower() if isinstance(value, bool) else str(value)
    return env


@contextmanager
def kraken_serve(settings: Settings, log: Path) -> Iterator[str]:
    """Yields the server's base URL once it answers; stops it (and all it started) afterwards."""
    port = free_port()
    command = [sys.executable, "-m", "ops.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            cwd=Path(__file__).resolve().parents[1],
            env=environment(settings),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _answers(url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"kraken serve did not start:\n{log.read_text(errors='replace')[-4000:]}")
            time.sleep(0.2)
        yield url
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            with suppress(subprocess.TimeoutExpired):
                process.wait(timeout=15)
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _answers(url: str) -> bool:
    try:
        return httpx.post(f"{url}/v1/graphql/", json={"query": "{ __typename }"}, timeout=5).status_code == 200
    except httpx.HTTPError:
        return False
