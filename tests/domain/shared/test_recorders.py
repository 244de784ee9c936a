"""On PostgreSQL a request's events are appended by one function call that takes the table's lock itself."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import psycopg
import pytest
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import RecordConflictError

from domain.shared.application import ContextApplication
from domain.shared.recorders import OneStatementApplicationRecorder
from settings import Settings

pytestmark = pytest.mark.postgres


class Counter(Aggregate):
    def __init__(self) -> None:
        self.count = 0

    def increment(self) -> None:
        self.trigger_event(self.Incremented)

    class Incremented(Aggregate.Event):
        def apply(self, aggregate: Counter) -> None:  # type: ignore[override]
            aggregate.count += 1


class Counters(ContextApplication):
    name = "Counters"


@pytest.fixture
def backend() -> str:
    return "postgres"


@pytest.fixture
def app(backend: str, settings: Settings) -> Iterator[Counters]:
    counters = Counters(settings.store_env("counters"))
    yield counters
    counters.close()


def test_the_store_is_the_one_statement_recorder(app: Counters) -> None:
    assert isinstance(app.recorder, OneStatementApplicationRecorder)


def test_a_save_appends_every_event_with_notification_ids_in_order(app: Counters) -> None:
    # given an aggregate with three new events
    counter = Counter()
    counter.increment()
    counter.increment()
    # when it is saved
    recordings = app.save(counter)
    # then all three are stored, in one run of notification ids, and the aggregate reads back whole
    ids = [recording.notification.id for recording in recordings]
    assert len(ids) == 3 and ids == sorted(ids) and ids[-1] - ids[0] == 2
    assert app.repository.get(counter.id).count == 2
    assert [n.originator_version for n in app.recorder.select_notifications(start=ids[0], limit=10)] == [1, 2, 3]


def test_a_stale_version_conflicts_and_nothing_of_it_is_stored(app: Counters) -> None:
    # given two copies of one aggregate at the same version
    counter = Counter()
    app.save(counter)
    first, second = app.repository.get(counter.id), app.repository.get(counter.id)
    first.increment()
    app.save(first)
    # when the other copy saves two events from the old version
    second.increment()
    second.increment()
    # then the append conflicts as a whole
    with pytest.raises(RecordConflictError):
        app.save(second)
    assert app.repository.get(counter.id).count == 1
    assert app.recorder.max_notification_id() == 2


def test_the_append_notifies_the_channel_followers_listen_on(app: Counters, settings: Settings) -> None:
    # given a session listening on the events table's channel
    heard = threading.Event()
    channel = app.recorder.channel_name
    with psycopg.connect(settings.database_url, autocommit=True) as listener:
        listener.execute(f'LISTEN "{channel}"')
        # when an aggregate is saved
        app.save(Counter())
        # then the listener hears of it
        for _ in listener.notifies(timeout=5, stop_after=1):
            heard.set()
    assert heard.is_set()


def test_concurrent_appends_leave_no_gap_behind_a_reader(app: Counters) -> None:
    # given many threads appending at once
    def append() -> None:
        for _ in range(20):
            app.save(Counter())

    threads = [threading.Thread(target=append) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then the notification ids run without a hole, as the table lock keeps them in commit order
    ids = [n.id for n in app.recorder.select_notifications(start=1, limit=1000)]
    assert len(ids) == 160 and ids == list(range(ids[0], ids[0] + 160))


def test_an_aggregate_s_events_are_selected_in_every_shape_the_library_asks_for(app: Counters) -> None:
    # given an aggregate at version 5
    counter = Counter()
    for _ in range(4):
        counter.increment()
    app.save(counter)

    def versions(**shape: object) -> list[int]:
        return [event.originator_version for event in app.recorder.select_events(counter.id, **shape)]  # type: ignore[arg-type]

    # then each shape selects what it says, in its order
    assert versions() == [1, 2, 3, 4, 5]
    assert versions(gt=2) == [3, 4, 5]
    assert versions(lte=2) == [1, 2]
    assert versions(gt=1, lte=4, desc=True) == [4, 3, 2]
    assert versions(desc=True, limit=1) == [5]
    assert versions(gt=1, lte=5, desc=False, limit=2) == [2, 3]
    assert app.repository.get(counter.id).count == 4
