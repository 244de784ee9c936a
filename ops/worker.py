"""The module a Dramatiq worker process starts from (`kraken worker`): the broker first, then what
the actors use, then the actors themselves."""

from workers import broker  # noqa: F401  (set before any actor is declared)

from ops import logs, runtime, tracing  # isort: skip
from settings import load  # isort: skip
from workers import dispatch  # noqa: F401  isort: skip

# Dramatiq writes its workers' lines in its own form; in JSON, they are written as every process's are.
_settings = load()
if _settings.log_format == "json":
    logs.configure(_settings, "worker")
# Before the first message, whose run is then traced like the rest (when tracing is on).
tracing.configure(_settings)

# Built lazily in each worker process, after Dramatiq has started it.
runtime.start_actors()
