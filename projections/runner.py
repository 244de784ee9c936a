"""Drives followers: apply what is new, then wait for more (polling on SQLite, LISTEN/NOTIFY on PostgreSQL)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence

import psycopg
from psycopg import sql

from projections.projection import Follower

log = logging.getLogger("kraken.projections")


class Wakeup:
    """Sleeps until there may be new events."""

    def __init__(self, poll_seconds: float = 0.05) -> None:
        self.poll_seconds = poll_seconds

    def wait(self, timeout: float) -> None:
        time.sleep(min(timeout, self.poll_seconds))

    def close(self) -> None:
        """Nothing held."""


class NotifyWakeup(Wakeup):
    """PostgreSQL: eventsourcing NOTIFYs each events table's channel on every write."""

    def __init__(self, conninfo: str, channels: Sequence[str]) -> None:
        super().__init__()
        self._db = psycopg.connect(conninfo, autocommit=True)
        for channel in channels:
            self._db.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))

    def wait(self, timeout: float) -> None:
        for _ in self._db.notifies(timeout=timeout, stop_after=1):
            break

    def close(self) -> None:
        self._db.close()


class Runner:
    def __init__(self, followers: Sequence[Follower], wakeup: Wakeup | None = None) -> None:
        self.followers = list(followers)
        self.wakeup = wakeup or Wakeup()

    def catch_up(self) -> int:
        """Run every follower until none has anything new; returns the number of events processed."""
        total = 0
        while True:
            progressed = sum(follower.run_once() for follower in self.followers)
            if not progressed:
                return total
            total += progressed

    def run_forever(self, stop: threading.Event, idle_timeout: float = 1.0) -> None:
        while not stop.is_set():
            if not self._round():
                self.wakeup.wait(idle_timeout)
        self.wakeup.close()

    def _round(self) -> int:
        progressed = 0
        for follower in self.followers:
            try:
                progressed += follower.run_once()
            except Exception:
                # One failing follower must not hold the others up: it is retried on the next round.
                log.exception("%s failed; retrying", follower.name)
        return progressed
