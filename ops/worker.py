"""The module a Dramatiq worker process starts from (`kraken worker`): the broker first, then what
the actors use, then the actors themselves."""

from workers import broker  # noqa: F401  (set before any actor is declared)

from ops import runtime  # isort: skip
from workers import dispatch  # noqa: F401  isort: skip

# Built lazily in each worker process, after Dramatiq has started it.
runtime.start_actors()
