"""The measurement store and its grouping in local time, on both backends: a year of half-hourly
reads across both 2026 clock changes, re-imports that change nothing, and refusals."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from domain.supply import commands
from domain.supply.commands import ImportMeasurements
from domain.supply.measurement_store import MeasurementStore, SeriesQuery
from domain.supply.measurements import (
    Device,
    Frequency,
    IntervalRead,
    MeasurementFeed,
    MeasurementFileInvalid,
    MeasurementsNotApplicable,
    TooManyMeasurements,
)
from domain.supply.water_meter import MeterCapability
from ops import runtime
from tests.api.accounts.homes import home

LONDON = ZoneInfo("Europe/London")
YEAR_START = int(datetime(2026, 1, 1, tzinfo=LONDON).timestamp())
YEAR_END = int(datetime(2027, 1, 1, tzinfo=LONDON).timestamp())
DEVICE = Device("SMART-1", "1234567", "MSP-1", YEAR_START - 86400, None)
# 10 litres every half hour: a day of 48 half hours is 480 litres.
HALF_HOUR_ML = 10_000


def half_hours(device: str = "SMART-1", start: int = YEAR_START, end: int = YEAR_END) -> list[IntervalRead]:
    return [IntervalRead(device, t, t + 1800, HALF_HOUR_ML) for t in range(start, end, 1800)]


@pytest.fixture
def store(contexts: runtime.Contexts) -> Iterator[MeasurementStore]:
    yield contexts.supply.measurements


def query(frequency: Frequency, size: int = 1000, **changes: object) -> SeriesQuery:
    fields: dict[str, object] = {
        "devices": (DEVICE,),
        "lower": YEAR_START,
        "upper": YEAR_END,
        "frequency": frequency,
        "zone": "Europe/London",
        "size": size,
    }
    fields.update(changes)
    return SeriesQuery(**fields)  # type: ignore[arg-type]


def test_a_year_of_half_hours_grouped_in_london_time(backend: str, store: MeasurementStore) -> None:
    reads = half_hours()
    assert store.append([(DEVICE, reads)], "b1", YEAR_END) == {"SMART-1": len(reads)}
    total = len(reads) * HALF_HOUR_ML

    days = store.pages([query(Frequency.DAY_INTERVAL, size=400)])[0].nodes
    assert len(days) == 365
    by_day = {datetime.fromtimestamp(n.start, LONDON).date(): n for n in days}
    # The spring day has 23 hours, the autumn one 25; each runs local midnight to local midnight.
    assert by_day[date(2026, 3, 29)].value_ml == 46 * HALF_HOUR_ML
    assert by_day[date(2026, 10, 25)].value_ml == 50 * HALF_HOUR_ML
    assert by_day[date(2026, 6, 1)].value_ml == 48 * HALF_HOUR_ML
    spring = by_day[date(2026, 3, 29)]
    assert spring.end - spring.start == 23 * 3600
    assert datetime.fromtimestamp(spring.end, LONDON) == datetime(2026, 3, 30, tzinfo=LONDON)
    assert sum(n.value_ml for n in days) == total

    months = store.pages([query(Frequency.MONTH_INTERVAL)])[0].nodes
    quarters = store.pages([query(Frequency.QUARTER_INTERVAL)])[0].nodes
    assert [datetime.fromtimestamp(n.start, LONDON).month for n in months] == list(range(1, 13))
    assert [datetime.fromtimestamp(n.start, LONDON).month for n in quarters] == [1, 4, 7, 10]
    assert sum(n.value_ml for n in months) == sum(n.value_ml for n in quarters) == total
    weeks = store.pages([query(Frequency.WEEK_INTERVAL, size=100)])[0].nodes
    assert all(datetime.fromtimestamp(n.start, LONDON).weekday() == 0 for n in weeks[1:])
    assert sum(n.value_ml for n in weeks) == total

    autumn = int(datetime(2026, 10, 25, tzinfo=LONDON).timestamp())
    hours = store.pages([query(Frequency.HOUR_INTERVAL, size=30, lower=autumn)])
    # 01:00 comes twice on 25 October: both hours are there, one node each.
    assert [datetime.fromtimestamp(n.start, LONDON).hour for n in hours[0].nodes[:4]] == [0, 1, 1, 2]
    thirty = store.pages([query(Frequency.THIRTY_MIN_INTERVAL, size=3)])[0]
    assert [n.value_ml for n in thirty.nodes] == [HALF_HOUR_ML] * 3
    assert store.counts([query(Frequency.DAY_INTERVAL), query(Frequency.RAW_INTERVAL)]) == [365, len(reads)]


def test_pages_follow_each_other_both_ways(backend: str, store: MeasurementStore) -> None:
    store.append([(DEVICE, half_hours())], "b1", YEAR_END)
    first = store.pages([query(Frequency.MONTH_INTERVAL, size=5)])[0]
    assert len(first.nodes) == 5 and first.has_next and not first.has_previous
    rest = store.pages([query(Frequency.MONTH_INTERVAL, size=10, after=first.nodes[-1].key)])[0]
    assert len(rest.nodes) == 7 and not rest.has_next and rest.has_previous
    assert rest.nodes[0].start == first.nodes[-1].end
    last = store.pages([query(Frequency.MONTH_INTERVAL, size=2, backwards=True)])[0]
    assert [datetime.fromtimestamp(n.start, LONDON).month for n in last.nodes] == [11, 12]
    assert last.has_previous and not last.has_next
    before = store.pages([query(Frequency.MONTH_INTERVAL, size=2, backwards=True, before=last.nodes[0].key)])[0]
    assert [datetime.fromtimestamp(n.start, LONDON).month for n in before.nodes] == [9, 10]
    raw = store.pages([query(Frequency.RAW_INTERVAL, size=2)])[0]
    after = store.pages([query(Frequency.RAW_INTERVAL, size=2, after=raw.nodes[-1].key)])[0]
    assert [n.start for n in (*raw.nodes, *after.nodes)] == [YEAR_START + i * 1800 for i in range(4)]
    assert raw.nodes[0].device_id == "SMART-1" and raw.nodes[0].source == "SMART_METER"


def test_importing_again_changes_nothing_and_stored_reads_are_never_changed(
    backend: str, store: MeasurementStore
) -> None:
    reads = half_hours(end=YEAR_START + 86400)
    assert store.append([(DEVICE, reads)], "b1", YEAR_END)["SMART-1"] == 48
    assert store.append([(DEVICE, reads)], "b2", YEAR_END)["SMART-1"] == 0
    assert store.pages([query(Frequency.DAY_INTERVAL)])[0].nodes[0].value_ml == 48 * HALF_HOUR_ML
    changed = IntervalRead("SMART-1", YEAR_START, YEAR_START + 1800, 1)
    with pytest.raises(ValueError, match="never corrected"):
        store.append([(DEVICE, [changed])], "b3", YEAR_END)
    overlapping = IntervalRead("SMART-1", YEAR_START + 900, YEAR_START + 2700, 1)
    extra = IntervalRead("SMART-1", YEAR_START + 86400, YEAR_START + 88200, 5)
    with pytest.raises(ValueError, match="overlaps"):
        store.append([(DEVICE, [extra, overlapping])], "b4", YEAR_END)
    # The batch was refused whole: the good read beside the overlapping one was not stored either.
    assert store.counts([query(Frequency.RAW_INTERVAL)]) == [48]


def test_daily_reads_have_no_hours_and_estimates_are_marked(backend: str, store: MeasurementStore) -> None:
    midnights = [int(datetime(2026, 3, d, tzinfo=LONDON).timestamp()) for d in (28, 29, 30, 31)]
    reads = [
        IntervalRead("SMART-1", a, b, 300_000, "ESTIMATE" if i == 1 else "SMART_METER")
        for i, (a, b) in enumerate(pairwise(midnights))
    ]
    store.append([(DEVICE, reads)], "b1", YEAR_END)
    days = store.pages([query(Frequency.DAY_INTERVAL)])[0].nodes
    assert [n.source for n in days] == ["ACTUAL", "ESTIMATE", "ACTUAL"]
    assert days[1].end - days[1].start == 23 * 3600
    assert store.pages([query(Frequency.MONTH_INTERVAL)])[0].nodes[0].source == "COMBINED"
    with pytest.raises(MeasurementsNotApplicable):
        store.pages([query(Frequency.HOUR_INTERVAL)])


def test_a_zone_off_the_hour_groups_raw_reads(backend: str, store: MeasurementStore) -> None:
    store.append([(DEVICE, half_hours(end=YEAR_START + 2 * 86400))], "b1", YEAR_END)
    days = store.pages([query(Frequency.DAY_INTERVAL, zone="Asia/Kolkata")])[0].nodes
    kolkata = ZoneInfo("Asia/Kolkata")
    # The first day is cut by the range's start (London midnight); the others run Kolkata midnight to midnight.
    assert days[0].start == YEAR_START
    assert all(datetime.fromtimestamp(n.start, kolkata).time() == datetime.min.time() for n in days[1:])
    assert days[1].value_ml == 48 * HALF_HOUR_ML
    assert sum(n.value_ml for n in days) == 96 * HALF_HOUR_ML


def test_a_request_reads_a_bounded_number_of_rows(backend: str, store: MeasurementStore) -> None:
    store.append([(DEVICE, half_hours(end=YEAR_START + 10 * 86400))], "b1", YEAR_END)
    store.max_rows = 50
    # Two days' hours fit in the bound; a whole month does not.
    assert len(store.pages([query(Frequency.DAY_INTERVAL, size=1)])[0].nodes) == 1
    with pytest.raises(TooManyMeasurements):
        store.pages([query(Frequency.MONTH_INTERVAL)])


def _feed(text: str) -> ImportMeasurements:
    return ImportMeasurements(lambda: io.StringIO(text), "csv", "d" * 64)


def test_an_import_checks_the_whole_file_first_and_leaves_an_audit_event(
    backend: str, contexts: runtime.Contexts
) -> None:
    supply = contexts.supply
    resolve = {"SMART-1": DEVICE}.get
    start = datetime.fromtimestamp(YEAR_START, UTC)
    slots = [(start + timedelta(minutes=30 * i)).isoformat() for i in range(6)]
    lines = ["device,start,end,value,unit"] + [f"SMART-1,{a},{b},0.010,m3" for a, b in pairwise(slots)]
    bad = [*lines, f"SMART-1,not a date,{slots[0]},1,m3", f"OTHER,{slots[0]},{slots[1]},1,l"]
    with pytest.raises(MeasurementFileInvalid) as refused:
        supply.import_measurements(_feed("\n".join(bad)), resolve)
    assert [e.split(":")[0] for e in refused.value.errors] == ["line 7", "line 8"]
    assert supply.measurements.counts([query(Frequency.RAW_INTERVAL)]) == [0]

    supply.measurement_batch_rows = 2
    report = supply.import_measurements(_feed("\n".join(lines)), resolve)
    assert (report.reads, report.stored, report.batches) == (5, 5, 3)
    again = supply.import_measurements(_feed("\n".join(lines)), resolve)
    assert again.stored == 0
    feed = supply.repository.get(MeasurementFeed.id_for("SMART-1"))
    assert (feed.imports, feed.reads) == (2, 5)
    assert supply.measurements.pages([query(Frequency.DAY_INTERVAL)])[0].nodes[0].value_ml == 5 * HALF_HOUR_ML


def test_pages_reach_across_months_without_reads(backend: str, store: MeasurementStore) -> None:
    # given two days of reads ten months apart
    january = IntervalRead("SMART-1", YEAR_START, YEAR_START + 1800, 1000)
    later = YEAR_START + 300 * 86400
    november = IntervalRead("SMART-1", later, later + 1800, 2000)
    store.append([(DEVICE, [january, november])], "b1", YEAR_END)
    # when
    first = store.pages([query(Frequency.DAY_INTERVAL, size=1)])[0]
    second = store.pages([query(Frequency.DAY_INTERVAL, size=1, after=first.nodes[0].key)])[0]
    last = store.pages([query(Frequency.DAY_INTERVAL, size=1, backwards=True)])[0]
    # then
    assert [n.value_ml for n in first.nodes] == [1000] and first.has_next
    assert [n.value_ml for n in second.nodes] == [2000] and not second.has_next
    assert [n.value_ml for n in last.nodes] == [2000] and last.has_previous
    assert store.counts([query(Frequency.DAY_INTERVAL)]) == [2]


def test_a_feed_names_water_meters_by_serial_within_their_days_in_service(
    backend: str, contexts: runtime.Contexts, customer: dict[str, str]
) -> None:
    # given a smart meter fitted on 1 December 2025 at a home occupied since June
    supply = contexts.supply
    home_id = home(contexts, customer["account_number"], date(2025, 6, 1))
    supply.install_meter(
        commands.InstallMeter(
            home_id,
            "SMART-9",
            date(2025, 12, 1),
            0,
            "ops",
            capability_type=MeterCapability.SMART,
            meter_point_reference="MSP000009",
        )
    )

    def feed(*rows: tuple[str, str, str]) -> ImportMeasurements:
        lines = ["serial,start,end,value,unit", *(f"{s},{a},{b},12.5,l" for s, a, b in rows)]
        return _feed("\n".join(lines))

    # when a read before it was fitted, and one of a serial no meter has, are refused with nothing stored
    with pytest.raises(MeasurementFileInvalid) as refused:
        supply.import_measurements(
            feed(
                ("SMART-9", "2025-12-01T00:00:00+00:00", "2025-12-01T00:30:00+00:00"),
                ("SMART-9", "2025-11-30T23:30:00+00:00", "2025-12-01T00:00:00+00:00"),
                ("NOPE-1", "2025-12-01T00:00:00+00:00", "2025-12-01T00:30:00+00:00"),
            )
        )
    assert [e.split(":")[0] for e in refused.value.errors] == ["line 3", "line 4"]
    # and the reads within its days are stored under the meter's property and supply point
    report = supply.import_measurements(feed(("SMART-9", "2025-12-01T00:00:00+00:00", "2025-12-01T00:30:00+00:00")))
    assert report.stored == 1
    device = supply.measured_device("SMART-9")
    assert device is not None
    assert (device.device_id, device.property_id, device.market_supply_point_id) == ("SMART-9", home_id, "MSP000009")
    [page] = supply.measurements.pages([query(Frequency.RAW_INTERVAL, devices=(device,), lower=0)])
    assert [n.value_ml for n in page.nodes] == [12_500]


def test_a_serial_refitted_elsewhere_keeps_its_reads_where_they_were_made(
    backend: str, store: MeasurementStore
) -> None:
    # given SMART-1 served one home in January and another from February, with a read a day throughout
    february = int(datetime(2026, 2, 1, tzinfo=LONDON).timestamp())
    at_first = Device("SMART-1", "1111111", "MSP-1", YEAR_START, february)
    at_second = Device("SMART-1", "2222222", "MSP-2", february, None)
    days = [IntervalRead("SMART-1", t, t + 86400, 1000) for t in range(YEAR_START, YEAR_START + 59 * 86400, 86400)]
    store.append([(at_second, days)], "feed", 0)
    # when each home reads its days
    first, second = store.counts(
        [query(Frequency.DAY_INTERVAL, devices=(at_first,)), query(Frequency.DAY_INTERVAL, devices=(at_second,))]
    )
    [raw] = store.pages([query(Frequency.RAW_INTERVAL, devices=(at_second,), size=100)])
    # then neither sees the other's
    assert (first, second) == (31, 28)
    assert min(n.start for n in raw.nodes) == february and len(raw.nodes) == 28
