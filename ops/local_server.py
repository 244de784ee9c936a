"""A kraken process of its own on this machine: a free loopback port, exactly the given settings, its start and stop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path

import httpx
import msgspec

from settings import Settings

REPOSITORY = Path(__file__).resolve().parents[1]
STOP_SECONDS = 15.0


def free_port() -> int:
    """A loopback port nothing listens on as this returns (another process may still take it first)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def inherited_environment() -> dict[str, str]:
    """This process's environment less its KRAKEN_*/POSTGRES_* variables, which would override a child's settings."""
    return {name: value for name, value in os.environ.items() if not name.startswith(("KRAKEN_", "POSTGRES_"))}


def environment(settings: Settings) -> dict[str, str]:
    """The environment in which a kraken process loads exactly `settings`."""
    env = inherited_environment()
    for setting in msgspec.structs.fields(Settings):
        value = getattr(settings, setting.name)
        env[f"KRAKEN_{setting.name.upper()}"] = str(value).lower() if isinstance(value, bool) else str(value)
    return env


def start(command: Sequence[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """`command` run from the repository, its output in `log`, in a session of its own so that its workers
    go with it when `stop` signals the group."""
    with log.open("wb") as output:
        return subprocess.Popen(
            command,
            cwd=REPOSITORY,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def answers(url: str) -> bool:
    """Whether the GraphQL endpoint at `url` answers a query."""
    try:
        response = httpx.post(url, json={"query": "{ __typename }"}, timeout=5)
    except httpx.HTTPError:
        return False
    return response.status_code == 200


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM (uvicorn shuts its workers down on it), then SIGKILL to whatever of its process group is left."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=STOP_SECONDS)
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
