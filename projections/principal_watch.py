"""An API process's watch of the identity store: the principals of users, organisations and staff
members that another process changed are dropped as soon as their events are stored."""

from __future__ import annotations

import logging
import threading
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Subscription
from eventsourcing.postgres import PostgresApplicationRecorder

from domain.identity.application import Identity

log = logging.getLogger("kraken.principals")

RETRY_SECONDS = 1.0


class PrincipalWatch:
    """Follows the identity store's notifications (LISTEN/NOTIFY) on a thread of its own.

    It starts at the end of the log, which is all it needs: a process caches nothing before it
    starts. After a lost connection it resumes from the last notification it saw, so nothing stored
    meanwhile is missed; until then the cache's lifetime bounds what a missed event could cost.
    """

    def __init__(self, identity: Identity) -> None:
        self.identity = identity
        self.position = identity.recorder.max_notification_id()
        self._stop = threading.Event()
        self._subscription: Subscription[Any] | None = None
        self._thread = threading.Thread(target=self._run, name="kraken-principal-watch", daemon=True)

    @classmethod
    def start(cls, identity: Identity) -> PrincipalWatch | None:
        """A running watch; None where the store cannot be watched (SQLite) or nothing is cached."""
        if not isinstance(identity.recorder, PostgresApplicationRecorder) or identity.principals.seconds <= 0:
            return None
        watch = cls(identity)
        watch._thread.start()
        return watch

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with self.identity.recorder.subscribe(gt=self.position) as subscription:
                    self._subscription = subscription
                    if self._stop.is_set():
                        return
                    for notification in subscription:
                        self.identity.principals.forget([UUID(str(notification.originator_id))])
                        self.position = notification.id
            except Exception:
                log.exception("the watch of the identity store failed; resuming from %s", self.position)
                self._stop.wait(RETRY_SECONDS)

    def close(self) -> None:
        self._stop.set()
        subscription = self._subscription
        if subscription is not None:
            subscription.stop()
        self._thread.join(timeout=10)
