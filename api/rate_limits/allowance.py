"""Each payer's points allowance: what its requests may cost per window, counted across every API process.

Kraken gives each viewer an hourly allowance of points (50,000 for an account user, 100,000 for an
organisation) and, once it is spent, refuses every request with KT-CT-1199 until a new allowance
starts. Requests without a viewer are paid for by their client address, with an account user's
allowance.

Fixed windows, each starting at the payer's first charged request. Kraken describes its allowance
as one (points "used so far in one hour time limit", a new allowance at `ttl`), not as a bucket that
leaks a little every second; starting each window at the payer's first request rather than at the
top of the hour spreads the refills over time instead of handing every spent allowance back at
the same instant. The price is the fixed window's: a payer may spend up to twice its allowance
across the end of one window and the start of the next.

Charging runs on the event loop, in memory, in constant time: a dictionary lookup and a few
additions under a lock that the flusher holds only for passes over the payers charged since its
previous flush. Usage reaches the other processes through the shared store (api/rate_limits/
usage_store.py): the flusher, a thread beside the API (ops/runtime.py), sends the points each
payer spent here since the last flush, in one statement (per 300 payers), every half second, and
at once when one payer's unflushed points pass a tenth of its allowance. The same statement
answers each payer's total from every process, which becomes this process's count.

The bound on overshoot: a process learns what the others accepted only at its own flushes, so a
payer spread over N processes may spend beyond its allowance at most what each of the N accepts
from it between two flushes: half a second of its requests, or about a tenth of its allowance (the
flush then comes early) plus what arrives while that flush runs. On a single process the count
passes the allowance by at most the cost of the request that spent it.

A window that has ended is forgotten here when its payer is next seen (and every minute by the
flusher), and its row deleted from the shared store every minute.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

from api.rate_limits.usage_store import UsageStore
from domain.shared.clock import Clock
from settings import Settings

log = logging.getLogger("kraken.api")

FLUSH_SECONDS = 0.5
PURGE_SECONDS = 60.0
# A payer's unflushed points passing this share of its allowance bring the next flush forward.
EARLY_FLUSH_SHARE = 10


@dataclass(frozen=True, slots=True)
class Payer:
    """Who a request is charged to (`user:<id>`, `organisation:<id>` or `client:<address>`) and its
    allowance per window; 0: no allowance applies."""

    key: str
    allowance: int


@dataclass(frozen=True, slots=True)
class Usage:
    """A payer's standing in its current window."""

    limit: int
    used: int
    # When the payer gets a new allowance (seconds since the epoch); a window not started yet ends
    # one window from now.
    refills_at: float

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.used)

    @property
    def blocked(self) -> bool:
        return self.used >= self.limit


class _Tally:
    """One payer's window as this process knows it: the total the shared store last answered, the
    points handed to the flush under way, and the points accepted here since."""

    __slots__ = ("flushing", "shared", "unflushed", "window_start")

    def __init__(self, window_start: float, shared: int = 0) -> None:
        self.window_start, self.shared = window_start, shared
        self.flushing = self.unflushed = 0

    def used(self) -> int:
        return self.shared + self.flushing + self.unflushed


class PointsAllowance:
    def __init__(
        self, user_points: int, organisation_points: int, window_seconds: int, store: UsageStore, clock: Clock
    ) -> None:
        self.user_points, self.organisation_points = user_points, organisation_points
        self.window = window_seconds
        self.store = store
        self._clock = clock
        self._tallies: dict[str, _Tally] = {}
        self._unflushed: dict[str, _Tally] = {}
        # Guards the tallies: held on the event loop for a charge, by the flusher for a pass over a batch.
        self._lock = threading.Lock()
        # One flush at a time (the flusher's, or a query's that wants every process's total).
        self._flushing = threading.Lock()
        # Set when a payer's unflushed points call for an early flush.
        self.due = threading.Event()

    @classmethod
    def of(cls, settings: Settings, store: UsageStore, clock: Clock) -> PointsAllowance:
        return cls(
            settings.rate_limit_points,
            settings.rate_limit_organisation_points,
            settings.rate_limit_window_seconds,
            store,
            clock,
        )

    @property
    def enabled(self) -> bool:
        return self.user_points > 0 or self.organisation_points > 0

    def user(self, user_id: object) -> Payer:
        return Payer(f"user:{user_id}", self.user_points)

    def organisation(self, organisation_id: object) -> Payer:
        return Payer(f"organisation:{organisation_id}", self.organisation_points)

    def client(self, address: str) -> Payer:
        return Payer(f"client:{address}", self.user_points)

    def charge(self, payer: Payer, points: int) -> bool:
        """Spends `points` of the payer's allowance; False, and nothing spent, once it is spent.

        A request is refused only once nothing is left (Kraken's viewer is then "blocked"), so the
        one that spends the last points may take the count past the allowance by its own cost."""
        if payer.allowance <= 0:
            return True
        now = self.now()
        with self._lock:
            tally = self._current(payer.key, now)
            if tally is None:
                tally = self._tallies[payer.key] = _Tally(now)
            if tally.used() >= payer.allowance:
                return False
            before = tally.unflushed
            tally.unflushed += points
            self._unflushed[payer.key] = tally
        early = -(-payer.allowance // EARLY_FLUSH_SHARE)
        if before < early <= before + points:
            self.due.set()
        return True

    def usage(self, payer: Payer) -> Usage | None:
        """The payer's standing as this process knows it; None when no allowance applies."""
        if payer.allowance <= 0:
            return None
        now = self.now()
        with self._lock:
            tally = self._current(payer.key, now)
            if tally is None:
                return Usage(payer.allowance, 0, now + self.window)
            return Usage(payer.allowance, tally.used(), tally.window_start + self.window)

    def synced(self, payers: Sequence[Payer]) -> list[Usage | None]:
        """The payers' standing with every process's points counted: flushes this process's points,
        then reads the payers' rows (blocking: call it off the event loop)."""
        counted = [payer for payer in payers if payer.allowance > 0]
        if counted:
            try:
                self._sync([payer.key for payer in counted])
            except Exception:
                # What this process knows is still an answer, short by the others' latest points.
                log.warning("reading the rate limit's shared usage failed", exc_info=True)
        return [self.usage(payer) for payer in payers]

    def _sync(self, keys: list[str]) -> None:
        with self._flushing:
            self._flush()
            # No flush is under way now: what the store holds includes every point flushed from here.
            now = self.now()
            rows = self.store.read(keys, now, self.window)
            with self._lock:
                for key, (window_start, used) in rows.items():
                    tally = self._current(key, now)
                    if tally is None:
                        self._tallies[key] = _Tally(window_start, used)
                    else:
                        tally.window_start, tally.shared = window_start, used

    def flush(self) -> None:
        """Sends the points accepted here since the last flush to the shared store, and takes its totals."""
        with self._flushing:
            self._flush()

    def _flush(self) -> None:
        with self._lock:
            batch, self._unflushed = self._unflushed, {}
            for tally in batch.values():
                tally.flushing, tally.unflushed = tally.unflushed, 0
        if not batch:
            return
        rows = [(key, tally.window_start, tally.flushing) for key, tally in batch.items()]
        try:
            totals = self.store.add(rows, self.window)
        except BaseException:
            # The points stay counted here and go with the next flush.
            with self._lock:
                for key, tally in batch.items():
                    tally.unflushed, tally.flushing = tally.unflushed + tally.flushing, 0
                    if self._tallies.get(key) is tally:
                        self._unflushed[key] = tally
            raise
        with self._lock:
            for key, tally in batch.items():
                found = totals.get(key)
                if found is not None:
                    tally.window_start, tally.shared = found
                tally.flushing = 0

    def purge(self) -> None:
        """Forgets the windows that have ended, here and in the shared store."""
        now = self.now()
        with self._lock:
            ended = [key for key, tally in self._tallies.items() if now >= tally.window_start + self.window]
            for key in ended:
                self._forget(key)
        self.store.purge(now, self.window)

    def _current(self, key: str, now: float) -> _Tally | None:
        tally = self._tallies.get(key)
        if tally is not None and now >= tally.window_start + self.window:
            self._forget(key)
            return None
        return tally

    def _forget(self, key: str) -> None:
        # Points not flushed yet belong to the window that ended: no one will count them any more.
        tally = self._tallies.pop(key)
        if self._unflushed.get(key) is tally:
            del self._unflushed[key]

    def now(self) -> float:
        return self._clock.now().timestamp()


class Flusher:
    """Shares this process's usage: flushes every half second (sooner when a payer's points call for
    it), purges ended windows every minute, and flushes once more when it closes."""

    def __init__(self, allowance: PointsAllowance, interval: float = FLUSH_SECONDS) -> None:
        self.allowance, self.interval = allowance, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rate-limit-flusher", daemon=True)

    @classmethod
    def start(cls, allowance: PointsAllowance) -> Flusher | None:
        """A running flusher; None when no allowance applies to anyone."""
        if not allowance.enabled:
            return None
        flusher = cls(allowance)
        flusher._thread.start()
        return flusher

    def _run(self) -> None:
        next_purge = time.monotonic() + PURGE_SECONDS
        while not self._stop.is_set():
            self.allowance.due.wait(self.interval)
            self.allowance.due.clear()
            try:
                self.allowance.flush()
                if time.monotonic() >= next_purge:
                    next_purge = time.monotonic() + PURGE_SECONDS
                    self.allowance.purge()
            except Exception:
                # The points stay counted here; the next round sends them.
                log.warning("sharing the rate limit's usage failed; retrying", exc_info=True)

    def close(self) -> None:
        self._stop.set()
        self.allowance.due.set()
        self._thread.join(timeout=10)
        try:
            self.allowance.flush()
        except Exception:
            log.warning("sharing the rate limit's last usage failed", exc_info=True)
