"""An API process's watch of the identity store: the principals of users, organisations and staff
members that another process changed are dropped as soon as their events are stored."""

from __future__ import annotations

import threading
from uuid import UUID

from eventsourcing.postgres import PostgresApplicationRecorder

from domain.identity.application import Identity
from projections.projection import BATCH, Follower
from projections.runner import NotifyWakeup, Runner

# Read what is new at least this often even without a notification: the bound should one be missed.
POLL_SECONDS = 1.0


class PrincipalWatch(Follower):
    """Follows the identity store on a thread of its own, woken by its NOTIFY channel, and forgets the
    principals of every aggregate it sees change.

    It listens before it first reads, so nothing stored after it started is missed, and it starts at
    the end of the log, which is all it needs: a process caches nothing before it starts. Its position
    lives in memory for the same reason. After a lost connection it listens again and reads on from
    the last notification it saw.
    """

    name = "principal-watch"

    def __init__(self, identity: Identity, wakeup: NotifyWakeup) -> None:
        self.app = self.identity = identity
        self.position = identity.recorder.max_notification_id() or 0
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=Runner([self], wakeup).run_forever, args=(self._stop, POLL_SECONDS), name=self.name, daemon=True
        )

    @classmethod
    def start(cls, identity: Identity, conninfo: str) -> PrincipalWatch | None:
        """A running watch; None where the store cannot be watched (SQLite) or nothing is cached."""
        recorder = identity.recorder
        if not isinstance(recorder, PostgresApplicationRecorder) or identity.principals.seconds <= 0:
            return None
        watch = cls(identity, NotifyWakeup(conninfo, [recorder.channel_name]))
        watch._thread.start()
        return watch

    def run_once(self, limit: int = BATCH) -> int:
        notifications = self.app.recorder.select_notifications(
            start=self.position, limit=limit, inclusive_of_start=False
        )
        if notifications:
            self.identity.principals.forget({UUID(str(n.originator_id)) for n in notifications})
            self.position = notifications[-1].id
        return len(notifications)

    def processed_up_to(self) -> int:
        return self.position

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
