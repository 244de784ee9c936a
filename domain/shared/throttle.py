"""Counting failures per subject in fixed time windows (login and other guessable secrets)."""

from __future__ import annotations

from typing import Protocol


class Throttle(Protocol):
    """Failure counters shared by every API process (the store decides how)."""

    def failures(self, keys: list[str], window_seconds: int) -> dict[str, int]:
        """Failures recorded for each key in the current window."""
        ...

    def record_failure(self, keys: list[str], window_seconds: int) -> None: ...
