"""Which processes a topology is: the one list that `kraken up` starts and the units and Procfile name."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

KRAKEN = str(Path(sys.executable).with_name("kraken"))
# The file descriptor an API process serves under systemd, which hands a socket unit's sockets over
# from 3 on (SD_LISTEN_FDS_START); `kraken up` names the descriptor it passes instead.
SYSTEMD_FIRST_FD = 3

API, WORKER, PROJECTOR, SCHEDULER = "api", "worker", "projector", "scheduler"
KINDS = (API, WORKER, PROJECTOR, SCHEDULER)
# Bounds of the command's counts: beyond these a one-machine topology is a typo, not a plan (each
# process holds its own database connections and ~130 MB).
MAX_API = 32
MAX_WORKERS = 32
MAX_PROJECTORS = 4
MAX_SCHEDULERS = 4
MAX_WORKER_THREADS = 64


@dataclasses.dataclass(frozen=True)
class Topology:
    api: int = 2
    workers: int = 2
    projectors: int = 1
    schedulers: int = 1
    worker_threads: int = 8
    # The first of the consecutive ports the workers, projectors and schedulers serve their metrics on,
    # in that order (None: they serve none; the API processes serve theirs on /metrics).
    metrics_port: int | None = None

    def counts(self) -> dict[str, int]:
        return {API: self.api, WORKER: self.workers, PROJECTOR: self.projectors, SCHEDULER: self.schedulers}

    def problems(self) -> list[str]:
        """What is wrong with the counts, as sentences (none when it can run)."""
        bounds = {API: MAX_API, WORKER: MAX_WORKERS, PROJECTOR: MAX_PROJECTORS, SCHEDULER: MAX_SCHEDULERS}
        found = [
            f"{kind}: between 0 and {bound} processes, not {count}"
            for kind, count in self.counts().items()
            if not 0 <= count <= (bound := bounds[kind])
        ]
        if not 1 <= self.worker_threads <= MAX_WORKER_THREADS:
            found.append(f"worker threads: between 1 and {MAX_WORKER_THREADS}, not {self.worker_threads}")
        if self.metrics_port is not None and not 1 <= self.metrics_port <= 65535 - self._metered():
            found.append(f"metrics port: between 1 and {65535 - self._metered()}, not {self.metrics_port}")
        if not found and sum(self.counts().values()) == 0:
            found.append("nothing to run: every count is 0")
        return found

    def _metered(self) -> int:
        return self.workers + self.projectors + self.schedulers

    def children(self, fd: int = SYSTEMD_FIRST_FD) -> list[Child]:
        """Every process, numbered from 1 within its kind; API processes serve the socket at `fd`."""
        children = []
        metrics_port = self.metrics_port
        for kind, count in self.counts().items():
            for index in range(1, count + 1):
                args = self.command(kind, fd)
                if kind != API and metrics_port is not None:
                    args, metrics_port = (*args, "--metrics-port", str(metrics_port)), metrics_port + 1
                children.append(Child(kind, index, args))
        return children

    def command(self, kind: str, fd: int = SYSTEMD_FIRST_FD) -> tuple[str, ...]:
        """The arguments after `kraken` that run one process of `kind` (its metrics port aside)."""
        if kind == API:
            return ("serve-socket", "--fd", str(fd))
        if kind == WORKER:
            # One Dramatiq worker process per `kraken worker`: the topology counts processes, and a
            # dead one is restarted alone.
            return ("worker", "--processes", "1", "--threads", str(self.worker_threads))
        if kind == PROJECTOR:
            return ("project",)
        if kind == SCHEDULER:
            return ("scheduler",)
        raise ValueError(f"unknown kind {kind!r}")


@dataclasses.dataclass(frozen=True)
class Child:
    kind: str
    index: int
    args: tuple[str, ...]  # after `kraken`

    @property
    def name(self) -> str:
        return f"{self.kind} {self.index}"

    def argv(self, kraken: str = KRAKEN) -> list[str]:
        return [kraken, *self.args]
