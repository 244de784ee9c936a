"""`kraken up`: the listening socket bound once, then every process of the topology, supervised."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path

from ops.topology.plan import Topology
from ops.topology.supervisor import Backoff, Supervisor
from settings import Settings, served_url

API_PATH = "/v1/graphql/"
BACKLOG = 2048  # connections that wait for an API process to accept them (one restarting, say)
STATE_FILE_NAME = "topology.json"


class CannotStart(Exception):
    """What is missing or wrong before anything starts, as a sentence for the operator."""


def missing_services(settings: Settings) -> list[str]:
    """What the production topology needs from the environment and does not have."""
    missing = []
    if not settings.uses_postgres:
        missing.append("KRAKEN_DATABASE_URL (PostgreSQL: every process shares its stores)")
    if not settings.broker_url:
        missing.append("KRAKEN_BROKER_URL (Redis or RabbitMQ: the workers take their messages from it)")
    return missing


def listen(host: str, port: int) -> socket.socket:
    """The one listening socket every API process serves, inheritable by them."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(BACKLOG)
    except OSError as exc:
        sock.close()
        raise CannotStart(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.set_inheritable(True)
    return sock


def default_state_file(settings: Settings) -> Path:
    return Path(settings.data_dir) / STATE_FILE_NAME


def run(
    settings: Settings,
    topology: Topology,
    *,
    host: str,
    port: int,
    state_file: Path,
    say: Callable[[str], None],
    stop_seconds: float = 20.0,
    backoff: Backoff | None = None,
) -> None:
    """Runs the topology until SIGTERM/SIGINT; CannotStart when the settings or counts do not allow it."""
    if missing := missing_services(settings):
        raise CannotStart("the production topology needs " + " and ".join(missing))
    if problems := topology.problems():
        raise CannotStart("; ".join(problems))
    sock = listen(host, port) if topology.api else None
    try:
        env = dict(os.environ)
        address = None
        if sock is not None:
            port = sock.getsockname()[1]
            address = f"{served_url(host, port)}{API_PATH}"
            # What the API processes link to in emails (their default public URL) is where they are served.
            env["KRAKEN_HOST"], env["KRAKEN_PORT"] = host, str(port)
            say(f"listening on {address} ({topology.api} API processes accept on it)")
        fd = sock.fileno() if sock is not None else 0
        supervisor = Supervisor(
            topology.children(fd),
            env=env,
            pass_fds=(fd,) if sock is not None else (),
            state_file=state_file,
            say=say,
            backoff=backoff,
            stop_seconds=stop_seconds,
            address=address,
        )
        say(f"state file: {state_file}")
        supervisor.run()
    finally:
        if sock is not None:
            sock.close()
