"""The module a Dramatiq worker process starts from (`kraken worker`): the broker first, then what
the actors use, then the actors themselves."""

from workers import broker  # noqa: F401  (set before any actor is declared)

from ops import runtime, tracing  # isort: skip
from settings import load  # isort: skip
from workers import dispatch  # noqa: F401  isort: skip

# Before the first message, whose run is then traced like the rest (when tracing is on).
tracing.configure(load())
# Built lazily in each worker process, after Dramatiq has started it.
runtime.start_actors()
