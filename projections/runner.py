"""Drives followers: apply what is new, then wait for more (polling on SQLite, LISTEN/NOTIFY on PostgreSQL)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from typing import Any

import psycopg
from psycopg import sql

from projections.metrics import FOLLOWED
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
    """PostgreSQL: eventsourcing NOTIFYs each events table's channel on every write.

    The listening connection is lost when the database restarts: the wait that finds it lost
    listens again on a new one, and while the database is away waits out its timeout instead, so
    the runner polls through the outage rather than dying (a NOTIFY missed meanwhile costs
    nothing: every wait is followed by a round that reads what is new).
    """

    def __init__(self, conninfo: str, channels: Sequence[str]) -> None:
        super().__init__()
        self._conninfo, self._channels = conninfo, tuple(channels)
        self._db: psycopg.Connection[Any] | None = self._listen()

    def _listen(self) -> psycopg.Connection[Any]:
        db = psycopg.connect(self._conninfo, autocommit=True)
        try:
            for channel in self._channels:
                db.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
        except BaseException:
            db.close()
            raise
        return db

    def wait(self, timeout: float) -> None:
        try:
            if self._db is None:
                self._db = self._listen()
                return  # what was written while nobody listened is read by the next round
            for _ in self._db.notifies(timeout=timeout, stop_after=1):
                break
        except psycopg.OperationalError as exc:
            log.warning("listening for new events failed (%s); listening again", str(exc).strip().splitlines()[0])
            self.close()
            time.sleep(timeout)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


class Runner:
    def __init__(self, followers: Sequence[Follower], wakeup: Wakeup | None = None) -> None:
        self.followers = list(followers)
        self.wakeup = wakeup or Wakeup()

    def catch_up(self) -> int:
        """Run every follower until none has anything new; returns the number of events processed."""
        total = 0
        while True:
            progressed = sum(_counted(follower, follower.run_once()) for follower in self.followers)
            if not progressed:
                return total
            total += progressed

    def settle(self) -> int:
        """As catch_up, except that a follower that fails (an actor whose channel is down) is logged and
        left where it stopped, for the runner that follows later to retry, while the others go on."""
        total = 0
        failed: set[int] = set()
        while True:
            progressed = 0
            for index, follower in enumerate(self.followers):
                if index in failed:
                    continue
                try:
                    progressed += _counted(follower, follower.run_once())
                except Exception:
                    log.exception("%s failed; left for the next runner to retry", follower.name)
                    failed.add(index)
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
                progressed += _counted(follower, follower.run_once())
            except Exception:
                # One failing follower must not hold the others up: it is retried on the next round.
                log.exception("%s failed; retrying", follower.name)
        return progressed


def _counted(follower: Follower, processed: int) -> int:
    if processed:
        FOLLOWED.labels(follower.name).inc(processed)
    return processed
