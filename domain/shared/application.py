"""The base of every context's eventsourcing Application: encoding, clock and conflict retries."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from copy import deepcopy
from typing import Any, ClassVar, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate, BaseAggregate
from eventsourcing.persistence import RecordConflictError

from domain.shared.clock import Clock, SystemClock

T = TypeVar("T")


class CommandConflict(RuntimeError):
    """A command kept losing the race for its aggregates; nothing was written."""


class ContextApplication(Application[UUID]):
    """One bounded context's write model, with its own event store (own table, own write lock)."""

    env: ClassVar[dict[str, str]] = {"MAPPER_TOPIC": "domain.shared.encoding:MsgspecMapper"}
    attempts: ClassVar[int] = 8

    def __init__(self, env: Mapping[str, str] | None = None, clock: Clock | None = None) -> None:
        super().__init__(env)
        self.clock: Clock = clock or SystemClock()
        # While a command decides on cached state: the aggregates it took from the cache, at their versions.
        self._trusting = threading.local()

    def decide(self, command: Callable[[], tuple[T, Sequence[Aggregate]]]) -> T:
        """Run `command` and save what it changed; on a concurrent write, reload and decide again.

        `command` loads its aggregates itself (`load`, `find`). The first attempt decides on the
        aggregates this process holds, as they are; if that proves nothing, every attempt after it
        decides on the state as stored (optimistic concurrency: the save fails if any aggregate moved
        since it was read).
        """
        first = 0
        if self.repository.cache is not None:
            decided, conflicted = self._decide_on_cached_state(command)
            if decided:
                return decided[0]
            first = 1 if conflicted else 0  # a conflict is an attempt lost; anything else proved nothing
        for attempt in range(first, self.attempts):
            result, changed = command()
            try:
                self.save(*changed)
            except RecordConflictError:
                # Jitter spreads out writers that keep colliding on one hot aggregate.
                time.sleep(random.uniform(0, 0.001 * (attempt + 1)))
                continue
            self._remember(changed)
            return result
        raise CommandConflict(f"{self.name}: gave up after {self.attempts} conflicting attempts")

    def _decide_on_cached_state(self, command: Callable[[], tuple[T, Sequence[Aggregate]]]) -> tuple[list[T], bool]:
        """One attempt on the aggregates in this process's cache, without asking the store whether they
        moved (a round trip each): `([result], False)` if it was saved, `([], conflicted)` if not.

        Deciding on state that may be stale is safe where the save would fail if it were: an aggregate
        the command saves carries its next version number, which another writer has taken if the
        aggregate moved. A cached aggregate it only read is asked of the store (one round trip, as a
        load would have been), and the attempt counts only if none of those moved. A rule it met (an
        error) may have been met on stale state: that counts for nothing, and the command runs again
        on the state as stored.
        """
        taken: dict[UUID, int] = {}
        self._trusting.taken = taken
        try:
            result, changed = command()
        except Exception:
            return [], False
        finally:
            self._trusting.taken = None
        saved = {aggregate.id for aggregate in changed if isinstance(aggregate, BaseAggregate)}
        if any(
            self._moved(aggregate_id, version) for aggregate_id, version in taken.items() if aggregate_id not in saved
        ):
            return [], False
        try:
            self.save(*changed)
        except RecordConflictError:
            return [], True
        self._remember(changed)
        return [result], False

    def _remember(self, changed: Sequence[Any]) -> None:
        """Keeps what was just saved as the cached state (a copy: the caller may still hold the aggregate)."""
        cache = self.repository.cache
        if cache is not None:
            for aggregate in changed:
                if isinstance(aggregate, BaseAggregate):
                    cache.put(aggregate.id, deepcopy(aggregate))

    def load(self, aggregate_id: UUID) -> Any:
        return self._get(aggregate_id)

    def find(self, aggregate_id: UUID) -> Any:
        """The aggregate, or None when nothing was ever recorded under this id."""
        try:
            return self._get(aggregate_id)
        except AggregateNotFoundError:
            return None

    def _get(self, aggregate_id: UUID) -> Any:
        taken: dict[UUID, int] | None = getattr(self._trusting, "taken", None)
        if taken is not None and self.repository.cache is not None:
            try:
                cached = self.repository.cache.get(aggregate_id)
            except KeyError:
                pass
            else:
                taken[aggregate_id] = cached.version
                return deepcopy(cached)
        return self.repository.get(aggregate_id)

    def _moved(self, aggregate_id: UUID, version: int) -> bool:
        """Whether the store holds an event of the aggregate after `version`."""
        return bool(self.recorder.select_events(aggregate_id, gt=version, limit=1))
