"""The base of every context's eventsourcing Application: encoding, clock and conflict retries."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, Cache, LRUCache
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import RecordConflictError

from domain.shared import tracing
from domain.shared.clock import Clock, SystemClock
from domain.shared.personal_data import PersonalKeys

T = TypeVar("T")

# Seconds: the most a command waits after its first conflict, and after any one conflict.
_FIRST_BACKOFF, _LONGEST_BACKOFF = 0.001, 0.05


class CommandConflict(RuntimeError):
    """A command kept losing the race for its aggregates; nothing was written."""


class ContextApplication(Application[UUID]):
    """One bounded context's write model, with its own event store (own table, own write lock)."""

    env: ClassVar[dict[str, str]] = {"MAPPER_TOPIC": "domain.shared.encoding:MsgspecMapper"}
    # Enough for a handful of writers hammering one aggregate (tests/domain/shared/test_concurrent_commands.py).
    attempts: ClassVar[int] = 16

    def __init__(self, env: Mapping[str, str] | None = None, clock: Clock | None = None) -> None:
        super().__init__(env)
        self.clock: Clock = clock or SystemClock()

    def decide(self, command: Callable[[], tuple[T, Sequence[Aggregate]]]) -> T:
        """Run `command` and save what it changed; on a concurrent write, reload and decide again.

        `command` loads its aggregates itself, so every attempt decides on the state as stored
        (optimistic concurrency: the save fails if any aggregate moved since it was read).
        """
        with tracing.span("command") as span:
            if span.recording:
                # The method that decides (`Accounts.open_account` of its inner `decide`), never its arguments.
                method = getattr(command, "__qualname__", type(command).__name__).partition(".<locals>")[0]
                span.rename(f"command {method}")
                span.set("kraken.context", self.name)
                span.set("kraken.command", method)
            for attempt in range(self.attempts):
                result, changed = command()
                try:
                    self.save(*changed)
                except RecordConflictError:
                    span.set("kraken.conflicts", attempt + 1)
                    # Exponential backoff with full jitter spreads out writers that keep colliding
                    # on one hot aggregate: at most about half a second in all before giving up.
                    time.sleep(random.uniform(0, min(_LONGEST_BACKOFF, _FIRST_BACKOFF * 2**attempt)))
                    continue
                return result
            raise CommandConflict(f"{self.name}: gave up after {self.attempts} conflicting attempts")

    def load(self, aggregate_id: UUID) -> Any:
        return self.repository.get(aggregate_id)

    def find(self, aggregate_id: UUID) -> Any:
        """The aggregate, or None when nothing was ever recorded under this id."""
        try:
            return self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None

    def use_personal_keys(self, keys: PersonalKeys) -> None:
        """Seal the personal fields of this store's events under their subjects' keys from now on."""
        self.mapper.personal_keys = keys  # type: ignore[attr-defined]

    def forget_cached_aggregates(self) -> None:
        """Drops every cached aggregate: after an erasure none may keep a decrypted copy of the person."""
        cache = self.repository.cache
        # A fresh cache rather than clearing one that another thread may be using.
        if isinstance(cache, LRUCache):
            self.repository.cache = LRUCache(maxsize=cache.maxsize)
        elif cache is not None:
            self.repository.cache = Cache()
