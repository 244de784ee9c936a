"""An API process that serves a listening socket it inherited, from `kraken up` or a systemd socket unit.

The socket is bound once, by the parent, and every API process accepts on it: the kernel hands each
new connection to one of them, a process killed or restarted never closes the address (connections
wait in the socket's backlog meanwhile), and no process races another to bind it.
"""

from __future__ import annotations

import socket

import uvicorn

from ops import logs
from settings import Settings

GRACEFUL_SHUTDOWN_SECONDS = 10


class NotASocket(Exception):
    """The descriptor is not an open listening socket."""


def inherited_socket(fd: int) -> socket.socket:
    try:
        sock = socket.socket(fileno=fd)  # its family and type read from the descriptor
    except OSError as exc:
        raise NotASocket(f"file descriptor {fd} is not an open socket ({exc.strerror})") from None
    if sock.type != socket.SOCK_STREAM or not sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN):
        sock.detach()
        raise NotASocket(f"file descriptor {fd} is not a listening TCP socket")
    return sock


def serve(settings: Settings, sock: socket.socket) -> None:
    """The API on `sock` until SIGTERM/SIGINT, configured as `kraken serve` configures it (but for
    the metrics directory, which the parent empties once for all its API processes)."""
    trusted = settings.trusted_proxies.strip()
    config = uvicorn.Config(
        "ops.runtime:create_app",
        factory=True,
        log_level="info",
        # As `kraken serve`: forwarded headers only from the proxies the settings name.
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted or None,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        log_config=logs.config(settings, "serve"),
    )
    uvicorn.Server(config).run(sockets=[sock])
