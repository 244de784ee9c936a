"""`kraken serve` as a real process on a free loopback port, for tests that need a real server."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ops import local_server
from settings import Settings

STARTUP_SECONDS = 60


@contextmanager
def kraken_serve(settings: Settings, log: Path) -> Iterator[str]:
    """Yields the server's base URL once it answers; stops it (and all it started) afterwards."""
    port = local_server.free_port()
    command = [sys.executable, "-m", "ops.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = local_server.start(command, local_server.environment(settings), log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not local_server.answers(f"{url}/v1/graphql/"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"kraken serve did not start:\n{log.read_text(errors='replace')[-4000:]}")
            time.sleep(0.2)
        yield url
    finally:
        local_server.stop(process)
