"""The scheduler: sends the commands that come due with time (future-dated payments, schedules).

Several schedulers may run (one per `kraken serve` process on the embedded default, a `kraken
scheduler` on each of two machines for availability), but only one is active at a time: every
tick a scheduler takes or renews a lease, a row of `scheduler_lease` in the read store, and only
the lease holder runs its jobs. The lease is taken by one atomic INSERT ... ON CONFLICT DO UPDATE
... WHERE (SQLite and PostgreSQL alike) that succeeds only if the row is free, expired or already
ours; a holder that stops renewing (killed, partitioned) loses it once it expires, and a holder
that stops cleanly releases it at once.

The lease keeps the work in one place; it is not what makes it safe. A holder paused for longer
than the lease can overlap with its successor for one tick, so jobs send commands that are
idempotent (their idempotency keys name the payment or the schedule period), and a command sent
twice is answered with its first result.

A job is `Job = Callable[[Contexts, date], int]`: it gets today's date (UTC, from the contexts'
clock) and returns how many commands it sent. A job that raises is logged and retried on the next
tick; it never stops the other jobs or the loop.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from domain.shared.clock import Clock
from projections.contexts import Contexts
from projections.metrics import LEASE_HOLDER
from settings import Settings

log = logging.getLogger(__name__)

Job = Callable[[Contexts, date], int]

LEASE = "payments"

_LEASE_TABLE = (
    "CREATE TABLE IF NOT EXISTS scheduler_lease "
    "(name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at BIGINT NOT NULL)"
)
# Expiry as integer microseconds since the epoch: compared the same way by both databases.
_TAKE = (
    "INSERT INTO scheduler_lease (name, holder, expires_at) VALUES (%s, %s, %s) "
    "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at "
    "WHERE scheduler_lease.holder = excluded.holder OR scheduler_lease.expires_at <= %s"
)
_RELEASE = "UPDATE scheduler_lease SET expires_at = 0 WHERE name = %s AND holder = %s"


def default_jobs() -> tuple[Job, ...]:
    """The jobs every scheduler runs (`kraken scheduler`, and the one inside embedded `kraken serve`).

    Imported here, not at the top: the job modules declare actors, which must be imported after
    the broker is set, and the scheduler module loads without them.
    """
    from workers.loyalty.contributions import fulfil_due_contribution_periods
    from workers.loyalty.referrals import pay_due_referral_rewards
    from workers.payments.collections import collect_due_payments
    from workers.payments.repayments import settle_repayments
    from workers.payments.schedules import collect_due_schedules
    from workers.supply.processes import complete_due_processes
    from workers.supply.product_switches import apply_due_product_switches
    from workers.supply.quote_follow_ups import release_due_quote_follow_ups

    # Schedules first: a payment they ask for today is then submitted by the next job in the same tick.
    return (
        collect_due_schedules,
        collect_due_payments,
        settle_repayments,
        complete_due_processes,
        apply_due_product_switches,
        release_due_quote_follow_ups,
        # Before collections would be better for the customer, but a reward credited next tick is as good.
        pay_due_referral_rewards,
        fulfil_due_contribution_periods,
    )


def new_holder() -> str:
    """A name for this scheduler, unique across machines and restarts, readable in the lease row."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _micros(at: datetime) -> int:
    return (at - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


class Scheduler:
    """Runs `jobs` on every tick for which it holds the lease `name` (the clock: the contexts')."""

    def __init__(
        self,
        contexts: Contexts,
        jobs: Sequence[Job],
        holder: str,
        settings: Settings,
        clock: Clock | None = None,
        name: str = LEASE,
    ) -> None:
        self.contexts, self.jobs, self.holder, self.name = contexts, tuple(jobs), holder, name
        self.clock: Clock = clock or contexts.payments.clock
        self.holding = False
        self.lease = timedelta(seconds=settings.scheduler_lease_seconds)
        self.interval = settings.scheduler_interval_seconds
        if self.interval >= settings.scheduler_lease_seconds:
            log.warning(
                "KRAKEN_SCHEDULER_INTERVAL_SECONDS (%s) is not below KRAKEN_SCHEDULER_LEASE_SECONDS (%s): "
                "the lease expires between ticks and schedulers take turns",
                self.interval,
                settings.scheduler_lease_seconds,
            )
        with contexts.read.store.transaction() as cursor:
            cursor.execute(_LEASE_TABLE)

    def _now(self) -> datetime:
        return self.clock.now().astimezone(UTC)

    def take_lease(self) -> bool:
        """Takes or renews the lease until now + lease; False if another holder has it."""
        now = self._now()
        with self.contexts.read.store.transaction() as cursor:
            cursor.execute(_TAKE, (self.name, self.holder, _micros(now + self.lease), _micros(now)))
            return bool(cursor.rowcount == 1)

    def release_lease(self) -> None:
        """Lets another scheduler take over at its next tick rather than after the expiry."""
        with self.contexts.read.store.transaction() as cursor:
            cursor.execute(_RELEASE, (self.name, self.holder))

    def tick(self) -> bool:
        """Runs the jobs if this scheduler holds the lease; True if it did."""
        held, self.holding = self.holding, self.take_lease()
        LEASE_HOLDER.labels(self.name, self.holder).set(1 if self.holding else 0)
        if held != self.holding:
            log.info("scheduler %s %s the lease %r", self.holder, "took" if self.holding else "lost", self.name)
        if not self.holding:
            return False
        today = self._now().date()
        for job in self.jobs:
            try:
                sent = job(self.contexts, today)
            except Exception:
                log.exception("scheduled job %s failed; retrying on the next tick", _name(job))
                continue
            if sent:
                log.info("scheduled job %s sent %d commands", _name(job), sent)
        return True

    def run_forever(self, stop: threading.Event) -> None:
        """Ticks every `scheduler_interval_seconds` until `stop` is set, then releases the lease."""
        log.info("scheduler %s started (lease %r)", self.holder, self.name)
        try:
            while not stop.is_set():
                try:
                    self.tick()
                except Exception:
                    # The read store is unreachable: keep trying; the lease expires meanwhile.
                    log.exception("scheduler tick failed; retrying")
                stop.wait(self.interval)
        finally:
            LEASE_HOLDER.labels(self.name, self.holder).set(0)
            try:
                self.release_lease()
            except Exception:
                log.exception("could not release the scheduler lease; it expires by itself")
            log.info("scheduler %s stopped", self.holder)


def _name(job: Job) -> str:
    return getattr(job, "__qualname__", repr(job))


@dataclass
class BackgroundScheduler:
    """A scheduler on a thread of this process (the embedded default's `kraken serve`)."""

    thread: threading.Thread
    stop: threading.Event

    @classmethod
    def start(cls, settings: Settings, contexts: Contexts) -> BackgroundScheduler:
        stop = threading.Event()
        scheduler = Scheduler(contexts, default_jobs(), new_holder(), settings)
        thread = threading.Thread(target=scheduler.run_forever, args=(stop,), name="kraken-scheduler", daemon=True)
        thread.start()
        return cls(thread, stop)

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=10)
