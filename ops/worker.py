"""The module a Dramatiq worker process starts from (`kraken worker`): the broker first, then what
the actors use, then the actors themselves."""

import multiprocessing
import signal

from workers import broker  # noqa: F401  (set before any actor is declared)

from ops import logs, runtime, tracing  # isort: skip
from ops.topology import lifetime  # isort: skip
from settings import load  # isort: skip
from workers import dispatch  # noqa: F401  isort: skip

# Dramatiq's main process forks this one and leaves it running if it is itself killed outright: a
# worker nobody supervises would go on taking messages, so it stops (gracefully) with its parent.
if (_parent := multiprocessing.parent_process()) is not None and _parent.pid is not None:
    lifetime.die_with_parent_started_by(_parent.pid, signal.SIGTERM)

# Dramatiq writes its workers' lines in its own form; in JSON, they are written as every process's are.
_settings = load()
if _settings.log_format == "json":
    logs.configure(_settings, "worker")
# Before the first message, whose run is then traced like the rest (when tracing is on).
tracing.configure(_settings)

# Built lazily in each worker process, after Dramatiq has started it.
runtime.start_actors()
