"""The scheduler: one active instance at a time (a lease in the read store), jobs run on its ticks."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import msgspec
import pytest

from domain.payments.ledger import main_ledger_number
from domain.shared.clock import FrozenClock
from ops.following import Background
from projections.contexts import Contexts
from settings import Settings
from tests.api.payments.collecting import direct_debit
from tests.api.payments.scheduling import fixed_schedule
from workers import runtime as workers_runtime
from workers.payments.scheduler import Scheduler, default_jobs

LEASE_SECONDS = 120
INTERVAL_SECONDS = 60


class Calls:
    """A job that records the dates it was run with."""

    def __init__(self) -> None:
        self.dates: list[date] = []

    def __call__(self, contexts: Contexts, today: date) -> int:
        self.dates.append(today)
        return 1


def failing(contexts: Contexts, today: date) -> int:
    raise RuntimeError("the database went away")


@pytest.fixture
def scheduler_settings(settings: Settings) -> Settings:
    return msgspec.structs.replace(
        settings, scheduler_lease_seconds=LEASE_SECONDS, scheduler_interval_seconds=INTERVAL_SECONDS
    )


@pytest.fixture
def make(contexts: Contexts, scheduler_settings: Settings, clock: FrozenClock) -> Callable[..., Scheduler]:
    def scheduler(holder: str, *jobs: Callable[[Contexts, date], int]) -> Scheduler:
        return Scheduler(contexts, jobs, holder, scheduler_settings, clock)

    return scheduler


def holders(contexts: Contexts) -> list[tuple[str, int]]:
    return [(str(h), int(e)) for h, e in contexts.read.store.rows("SELECT holder, expires_at FROM scheduler_lease")]


def test_only_one_of_two_schedulers_runs_its_jobs_per_tick(
    backend: str, make: Callable[..., Scheduler], clock: FrozenClock
) -> None:
    # given two schedulers over one read store
    first_jobs, second_jobs = Calls(), Calls()
    first, second = make("first", first_jobs), make("second", second_jobs)

    # when both tick, three times
    ticks = []
    for _ in range(3):
        ticks.append((first.tick(), second.tick()))
        clock.advance(timedelta(seconds=INTERVAL_SECONDS))

    # then the first one holds the lease and alone runs its jobs
    assert ticks == [(True, False)] * 3
    assert len(first_jobs.dates) == 3
    assert second_jobs.dates == []


def test_the_other_takes_over_once_the_holder_stops_renewing(
    backend: str, make: Callable[..., Scheduler], clock: FrozenClock
) -> None:
    # given the first scheduler held the lease, then stopped renewing it (killed)
    first_jobs, second_jobs = Calls(), Calls()
    first, second = make("first", first_jobs), make("second", second_jobs)
    assert first.tick()

    # when the lease has not expired yet, the second waits
    clock.advance(timedelta(seconds=LEASE_SECONDS - 1))
    assert not second.tick()

    # then once it has, the second takes over and keeps it
    clock.advance(timedelta(seconds=1))
    assert second.tick()
    assert not first.tick()
    assert (len(first_jobs.dates), len(second_jobs.dates)) == (1, 1)


def test_a_released_lease_is_taken_over_at_once(
    backend: str, make: Callable[..., Scheduler], contexts: Contexts
) -> None:
    first, second = make("first"), make("second")
    assert first.tick()

    first.release_lease()

    assert second.tick()
    assert [holder for holder, _ in holders(contexts)] == ["second"]


def test_a_failing_job_does_not_stop_the_others_or_the_next_tick(
    backend: str, make: Callable[..., Scheduler], clock: FrozenClock
) -> None:
    # given
    before, after = Calls(), Calls()
    scheduler = make("only", before, failing, after)

    # when
    ran = [scheduler.tick()]
    clock.advance(timedelta(seconds=INTERVAL_SECONDS))
    ran.append(scheduler.tick())

    # then
    assert ran == [True, True]
    assert len(before.dates) == len(after.dates) == 2


def test_jobs_get_todays_date_in_utc(backend: str, make: Callable[..., Scheduler], clock: FrozenClock) -> None:
    # given: late in the evening in New York is already tomorrow in UTC
    clock.at = datetime(2026, 1, 15, 20, 30, tzinfo=timezone(timedelta(hours=-5)))
    job = Calls()

    make("only", job).tick()

    assert job.dates == [date(2026, 1, 16)]


def test_racing_schedulers_elect_exactly_one_holder(backend: str, make: Callable[..., Scheduler]) -> None:
    # given four schedulers that take the lease at the same moment (each thread its own connection)
    schedulers = [make(f"racer-{n}") for n in range(4)]
    start = threading.Barrier(len(schedulers))
    taken: list[bool] = []

    def race(scheduler: Scheduler) -> None:
        start.wait()
        taken.append(scheduler.take_lease())

    threads = [threading.Thread(target=race, args=(s,)) for s in schedulers]

    # when
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then
    assert sorted(taken) == [False, False, False, True]


def test_a_stopped_scheduler_loop_releases_its_lease(
    backend: str, make: Callable[..., Scheduler], contexts: Contexts
) -> None:
    # given a scheduler running its loop in a thread
    ran = threading.Event()
    scheduler = make("looping", lambda contexts, today: ran.set() or 0)
    stop = threading.Event()
    thread = threading.Thread(target=scheduler.run_forever, args=(stop,))
    thread.start()
    assert ran.wait(timeout=30)

    # when it is stopped
    stop.set()
    thread.join(timeout=30)

    # then the lease is free for the next one at once
    assert not thread.is_alive()
    assert holders(contexts) == [("looping", 0)]
    assert make("next").tick()


def test_the_embedded_background_runs_a_scheduler(backend: str, settings: Settings, contexts: Contexts) -> None:
    # when the embedded default's background threads start (as api.app starts them)
    workers_runtime.use(settings=settings, contexts=contexts)
    background = Background.start(settings, contexts)
    try:
        # then a scheduler takes the lease
        taken = _wait_for(lambda: holders(contexts))
        assert taken[0][1] > 0
    finally:
        background.close()
        workers_runtime.reset()
    # and gives it back when the process stops
    assert holders(contexts)[0][1] == 0


def test_the_default_jobs_collect_what_schedules_owe_then_submit_due_payments_then_follow_up_payouts() -> None:
    from workers.loyalty.contributions import fulfil_due_contribution_periods
    from workers.loyalty.referrals import pay_due_referral_rewards
    from workers.payments.collections import collect_due_payments
    from workers.payments.repayments import settle_repayments
    from workers.payments.schedules import collect_due_schedules
    from workers.supply.processes import complete_due_processes
    from workers.supply.product_switches import apply_due_product_switches
    from workers.supply.quote_follow_ups import release_due_quote_follow_ups

    assert default_jobs() == (
        collect_due_schedules,
        collect_due_payments,
        settle_repayments,
        complete_due_processes,
        apply_due_product_switches,
        release_due_quote_follow_ups,
        pay_due_referral_rewards,
        fulfil_due_contribution_periods,
    )


def test_a_schedule_s_payment_is_collected_by_the_scheduler_alone(
    backend: str,
    contexts: Contexts,
    customer: dict[str, str],
    scheduler_settings: Settings,
    clock: FrozenClock,
    catch_up: Callable[[], int],
) -> None:
    # given a direct debit of £45 on the 28th, and a payment asked for the 28th
    catch_up()
    ledger = main_ledger_number(customer["account_number"])
    direct_debit(contexts, customer, ledger)
    fixed_schedule(contexts, customer, ledger, day=28, amount=4500)
    catch_up()
    scheduler = Scheduler(contexts, default_jobs(), "only", scheduler_settings, clock)
    # when the scheduler ticks on the 28th (the payment's day comes once the schedule starts)
    start = contexts.read.schedules.of_ledger(ledger)[0]["valid_from"]
    clock.at = datetime.fromisoformat(start).replace(hour=6, tzinfo=UTC)
    assert scheduler.tick()  # asks for the payment
    catch_up()  # the relay submits it to the sandbox provider, which settles it on its first status query
    scheduler.tick()
    catch_up()
    # then it was collected once, and only then did the ledger's balance change
    payments = contexts.read.payments.of_account(customer["account_number"])
    assert [(p["amount"], p["status"]) for p in payments] == [(4500, "SUCCEEDED")]
    assert contexts.read.ledgers.ledger(ledger)["balance"] == 4500
    assert [(e["kind"], e["amount"]) for e in contexts.read.ledgers.entries(ledger)] == [("PAYMENT", 4500)]


# The real `kraken scheduler` command, twice on one data directory.


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "var"


@pytest.fixture
def start_scheduler(data_dir: Path, tmp_path: Path) -> Iterator[Callable[[], subprocess.Popen[bytes]]]:
    env = {
        **os.environ,
        "KRAKEN_DATA_DIR": str(data_dir),
        "KRAKEN_SECRET_KEY": "a-shared-secret-for-every-process-of-this-test-0123456789",
        "KRAKEN_SCHEDULER_INTERVAL_SECONDS": "1",
        "KRAKEN_SCHEDULER_LEASE_SECONDS": "30",
        "PYTHONPATH": str(Path(__file__).resolve().parents[3]),
    }
    for variable in ("KRAKEN_DATABASE_URL", "POSTGRES_DBNAME"):
        env.pop(variable, None)
    started: list[subprocess.Popen[bytes]] = []

    def start() -> subprocess.Popen[bytes]:
        log = open(tmp_path / f"scheduler-{len(started)}.log", "wb")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen([sys.executable, "-m", "ops.cli", "scheduler"], env=env, stdout=log, stderr=log)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def _lease(data_dir: Path) -> tuple[int, int] | None:
    """(pid of the holder, expires_at), or None while no scheduler has taken it."""
    try:
        with closing(sqlite3.connect(data_dir / "read_models.db")) as db:
            row = db.execute("SELECT holder, expires_at FROM scheduler_lease").fetchone()
    except sqlite3.OperationalError:
        return None
    return None if row is None else (int(row[0].split(":")[1]), int(row[1]))


def _wait_for(condition: Callable[[], Any], seconds: float = 60.0) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_kraken_scheduler_processes_take_turns_and_stop_cleanly(
    start_scheduler: Callable[[], subprocess.Popen[bytes]], data_dir: Path, tmp_path: Path
) -> None:
    # given a `kraken scheduler` process holding the lease
    first = start_scheduler()
    assert _wait_for(lambda: (lease := _lease(data_dir)) and lease[1] and lease[0]) == first.pid
    # and a second one running beside it (started once the data directory is set up)
    second = start_scheduler()
    _wait_for(lambda: b"started (lease" in (tmp_path / "scheduler-1.log").read_bytes())
    assert _lease(data_dir)[0] == first.pid  # type: ignore[index]

    # when the holder is stopped by SIGTERM
    first.send_signal(signal.SIGTERM)

    # then it exits cleanly and the other one takes over
    assert first.wait(timeout=30) == 0
    assert _wait_for(lambda: (lease := _lease(data_dir)) and lease[0] == second.pid and lease[1])

    # and SIGINT stops the other one cleanly, giving the lease back
    second.send_signal(signal.SIGINT)
    assert second.wait(timeout=30) == 0
    assert _lease(data_dir) == (second.pid, 0)
