"""An API process's watch of the identity store: the principals of users, organisations and staff
members that another process changed are dropped as soon as their events are stored."""

from __future__ import annotations

import logging
import threading
from uuid import UUID

from eventsourcing.postgres import PostgresApplicationRecorder

from domain.identity.application import Identity
from projections.runner import NotifyWakeup

log = logging.getLogger("kraken.principals")

# Read what is new at least this often even without a notification: the bound should one be missed.
POLL_SECONDS = 1.0
BATCH = 500


class PrincipalWatch:
    """Follows the identity store on a thread of its own, woken by its NOTIFY channel.

    It listens before it first reads, so nothing stored after it started is missed, and it starts at
    the end of the log, which is all it needs: a process caches nothing before it starts. After a
    lost connection it listens again and reads on from the last notification it saw.
    """

    def __init__(self, identity: Identity, conninfo: str) -> None:
        recorder = identity.recorder
        assert isinstance(recorder, PostgresApplicationRecorder)
        self.identity, self.recorder = identity, recorder
        self.wakeup = NotifyWakeup(conninfo, [recorder.channel_name])
        self.position = recorder.max_notification_id() or 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kraken-principal-watch", daemon=True)

    @classmethod
    def start(cls, identity: Identity, conninfo: str) -> PrincipalWatch | None:
        """A running watch; None where the store cannot be watched (SQLite) or nothing is cached."""
        if not isinstance(identity.recorder, PostgresApplicationRecorder) or identity.principals.seconds <= 0:
            return None
        watch = cls(identity, conninfo)
        watch._thread.start()
        return watch

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.read_what_is_new()
            except Exception:
                log.exception("reading the identity store failed; reading on from %s", self.position)
            self.wakeup.wait(POLL_SECONDS)

    def read_what_is_new(self) -> None:
        while True:
            notifications = self.recorder.select_notifications(
                start=self.position, limit=BATCH, inclusive_of_start=False
            )
            if notifications:
                self.identity.principals.forget({UUID(str(n.originator_id)) for n in notifications})
                self.position = notifications[-1].id
            if len(notifications) < BATCH:
                return

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        self.wakeup.close()
