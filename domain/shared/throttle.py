"""Counting failures per subject in fixed time windows (login and other guessable secrets)."""

from __future__ import annotations

from collections import defaultdict
from threading import Lock
from typing import Protocol

from domain.shared.clock import Clock


class Throttle(Protocol):
    """Failure counters shared by every API process (the store decides how)."""

    def failures(self, keys: list[str], window_seconds: int) -> dict[str, int]:
        """Failures recorded for each key in the current window."""
        ...

    def record_failure(self, keys: list[str], window_seconds: int) -> None: ...


class MemoryThrottle:
    """One process's counters: for domain tests and single-process tools."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._hits: dict[tuple[str, int], int] = defaultdict(int)
        self._lock = Lock()

    def _window(self, window_seconds: int) -> int:
        return int(self._clock.now().timestamp()) // window_seconds

    def failures(self, keys: list[str], window_seconds: int) -> dict[str, int]:
        window = self._window(window_seconds)
        with self._lock:
            return {key: self._hits.get((key, window), 0) for key in keys}

    def record_failure(self, keys: list[str], window_seconds: int) -> None:
        window = self._window(window_seconds)
        with self._lock:
            for key in keys:
                self._hits[(key, window)] += 1
