"""Where each kind of process writes its metrics, and where Prometheus scrapes them.

- `kraken serve` answers `GET /metrics` itself (api/health.py). With `--workers N` its processes
  share one exposition through PROMETHEUS_MULTIPROC_DIR: set it to a directory for the API alone;
  `kraken serve` empties it of earlier runs' files before it starts its processes (each process
  writes files of its own, named by its pid), and whichever process answers a scrape adds up all of
  them. Without the variable, each process answers for itself (right for `--workers 1`).
- `kraken project`, `kraken scheduler` and `kraken worker` serve their own metrics on
  `--metrics-port` (on KRAKEN_HOST), one scrape target each, on whatever machine they run.
  `kraken worker`'s Dramatiq processes write into a directory of their own
  (`<PROMETHEUS_MULTIPROC_DIR or KRAKEN_DATA_DIR/metrics>/worker-<port>`, emptied at start) that a
  process forked beside them (`serve_worker_metrics`) adds up and serves. `kraken project` and
  `kraken scheduler` are one process each; should they inherit PROMETHEUS_MULTIPROC_DIR, they write
  into a subdirectory of their own (removed when they stop), so that nothing of theirs is added to
  the API's exposition, nor deleted by the API's start.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from prometheus_client import start_http_server

from projections import metrics
from projections.lag import FollowerCollector
from projections.projection import Follower
from settings import Settings, load

MULTIPROC = "PROMETHEUS_MULTIPROC_DIR"
# How `kraken worker` tells the process it forks beside its workers where to serve.
WORKER_PORT = "KRAKEN_WORKER_METRICS_PORT"


def emptied(directory: Path) -> Path:
    """The directory, created if need be, without the files an earlier run left in it."""
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.db"):
        stale.unlink()
    return directory


def prepare_for_serve() -> None:
    """Before `kraken serve` starts its API processes: their shared directory, emptied."""
    directory = metrics.multiprocess_directory()
    if directory is not None:
        emptied(Path(directory))


@contextmanager
def own_directory(process: str) -> Iterator[None]:
    """For the length of a one-process command: its samples in a directory of its own, when it
    inherited multiprocess mode. Only labelled metrics exist, so nothing was written before this."""
    base = metrics.multiprocess_directory()
    if base is None:
        yield
        return
    own = emptied(Path(base) / f"{process}-{os.getpid()}")
    os.environ[MULTIPROC] = str(own)
    try:
        yield
    finally:
        shutil.rmtree(own, ignore_errors=True)


def serve(settings: Settings, port: int, followers: Callable[[], Sequence[Follower]] | None = None) -> None:
    """Serves this process's metrics (and, given followers, their lag) on a thread, on KRAKEN_HOST."""
    collectors = [FollowerCollector(followers)] if followers is not None else []
    start_http_server(port, addr=settings.host, registry=metrics.scrape_registry(*collectors))


def worker_environment(settings: Settings, port: int | None) -> dict[str, str]:
    """What `kraken worker` hands the Dramatiq processes: their own, emptied, directory when their
    metrics are served, and no multiprocess mode (nothing written) when they are not."""
    environment = dict(os.environ)
    if port is None:
        environment.pop(MULTIPROC, None)
        return environment
    base = metrics.multiprocess_directory() or str(Path(settings.data_dir) / "metrics")
    environment[MULTIPROC] = str(emptied(Path(base) / f"worker-{port}"))
    environment[WORKER_PORT] = str(port)
    return environment


def serve_worker_metrics() -> None:
    """Dramatiq's fork function (`--fork-function`): serves what its worker processes write, until stopped."""
    start_http_server(int(os.environ[WORKER_PORT]), addr=load().host, registry=metrics.scrape_registry())
    while True:
        time.sleep(3600)
