"""Points spent per payer and window, shared by every API process: one table in the read-model database.

Each process adds what it accepted since its last flush and reads back the totals in the same
statement. The windows of a payer's row are merged there: a process that began a window a moment
after another adds to the earlier one (which every process then adopts); points sent for a window
that has ended since are dropped; a row whose window has ended is replaced by the new one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from projections.store import ReadStore, marks

# Rows per statement: well inside SQLite's bound on parameters, and a flush rarely has more payers.
_CHUNK = 300

_CREATE = (
    "CREATE TABLE IF NOT EXISTS rate_limit_usage "
    "(payer TEXT PRIMARY KEY, window_start DOUBLE PRECISION NOT NULL, used BIGINT NOT NULL)"
)
# The window parameter appears three times, after the rows' values.
_ADD = (
    "INSERT INTO rate_limit_usage AS usage (payer, window_start, used) VALUES {rows} "
    "ON CONFLICT (payer) DO UPDATE SET "
    "window_start = CASE WHEN usage.window_start + %s <= excluded.window_start "
    "THEN excluded.window_start ELSE usage.window_start END, "
    "used = CASE WHEN usage.window_start + %s <= excluded.window_start THEN excluded.used "
    "WHEN excluded.window_start + %s <= usage.window_start THEN usage.used "
    "ELSE usage.used + excluded.used END "
    "RETURNING payer, window_start, used"
)

# A payer's window (its start, in seconds since the epoch) and the points spent in it.
Spent = tuple[float, int]


class UsageStore(Protocol):
    def add(self, points: Sequence[tuple[str, float, int]], window_seconds: int) -> dict[str, Spent]:
        """Adds (payer, window start, points) rows; answers each payer's window and total after the addition."""
        ...

    def read(self, payers: Sequence[str], now: float, window_seconds: int) -> dict[str, Spent]:
        """The payers' windows that have not ended by `now`."""
        ...

    def purge(self, now: float, window_seconds: int) -> None:
        """Forgets the windows that have ended by `now`."""
        ...


class SharedUsage:
    """The `rate_limit_usage` table, on SQLite or PostgreSQL alike (the read store's `%s` SQL)."""

    def __init__(self, store: ReadStore) -> None:
        self.store = store
        with store.transaction() as cursor:
            cursor.execute(_CREATE)

    def add(self, points: Sequence[tuple[str, float, int]], window_seconds: int) -> dict[str, Spent]:
        totals: dict[str, Spent] = {}
        for start in range(0, len(points), _CHUNK):
            chunk = points[start : start + _CHUNK]
            rows = ", ".join(["(%s, %s, %s)"] * len(chunk))
            params = [value for row in chunk for value in row] + [window_seconds] * 3
            with self.store.transaction() as cursor:
                cursor.execute(_ADD.format(rows=rows), params)
                found = cursor.fetchall()
            totals.update({payer: (float(window_start), int(used)) for payer, window_start, used in found})
        return totals

    def read(self, payers: Sequence[str], now: float, window_seconds: int) -> dict[str, Spent]:
        if not payers:
            return {}
        slots = marks(payers)
        found = self.store.rows(
            f"SELECT payer, window_start, used FROM rate_limit_usage WHERE payer IN ({slots}) "
            "AND window_start + %s > %s",
            [*payers, window_seconds, now],
        )
        return {payer: (float(window_start), int(used)) for payer, window_start, used in found}

    def purge(self, now: float, window_seconds: int) -> None:
        with self.store.transaction() as cursor:
            cursor.execute("DELETE FROM rate_limit_usage WHERE window_start + %s <= %s", (window_seconds, now))
