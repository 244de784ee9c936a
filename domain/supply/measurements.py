"""Interval measurements from smart water meters: what one interval read is, how a feed file is read,
the audit aggregate an import leaves behind, and how reads are grouped into hours, days, weeks,
months and quarters in a local time zone.

Measurements are not events: they are facts from a meter-data feed, idempotent on (device, start)
and never corrected in place, and a household meter sending half-hourly data makes 17,520 a year,
so 10^8 of them would be 10^8 events to replay for no decision. They go into an append-only
measurement store (domain/supply/measurement_store.py); each import leaves one `MeasurementFeed.Imported`
event, so the operator's audit trail still shows the feed.

Volumes are kept as whole millilitres (exact integers; a meter's register counts litres, its feed
may give fractions of one) and served as cubic metres. Instants are kept as UTC epoch seconds.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from itertools import pairwise
from typing import IO, Any
from uuid import NAMESPACE_URL, UUID, uuid5
from zoneinfo import ZoneInfo

from eventsourcing.domain import Aggregate, event

_FEEDS = uuid5(NAMESPACE_URL, "https://kraken-es/supply/measurement-feed/")
# Where the supply is: a meter's days of service run from local midnight to local midnight.
LOCAL_TIME = ZoneInfo("Europe/London")

MILLILITRES_PER_CUBIC_METRE = 1_000_000
# Units a feed may give its values in, and how many millilitres one of each is.
UNITS = {"m3": Decimal(1_000_000), "l": Decimal(1000), "litres": Decimal(1000), "ml": Decimal(1)}
# The longest interval one read may cover: a day is at most 25 hours, a feed's read is at most a day.
MAX_INTERVAL = 25 * 3600
# The most one interval may measure: 100 m³ in an interval is a burst main, not a household's use.
MAX_VALUE_ML = 100 * MILLILITRES_PER_CUBIC_METRE
MAX_DEVICE_LENGTH = 64
MAX_LINE_LENGTH = 1000
SOURCES = ("SMART_METER", "ESTIMATE", "OPS")


class Frequency(StrEnum):
    """Kraken's ReadingFrequencyType: how measurements are grouped."""

    RAW_INTERVAL = "RAW_INTERVAL"
    FIVE_MIN_INTERVAL = "FIVE_MIN_INTERVAL"
    FIFTEEN_MIN_INTERVAL = "FIFTEEN_MIN_INTERVAL"
    THIRTY_MIN_INTERVAL = "THIRTY_MIN_INTERVAL"
    HOUR_INTERVAL = "HOUR_INTERVAL"
    DAY_INTERVAL = "DAY_INTERVAL"
    WEEK_INTERVAL = "WEEK_INTERVAL"
    MONTH_INTERVAL = "MONTH_INTERVAL"
    QUARTER_INTERVAL = "QUARTER_INTERVAL"
    DAILY = "DAILY"
    POINT_IN_TIME = "POINT_IN_TIME"


# Sub-hour groups, as fixed lengths (every zone's offset is a whole number of quarter hours).
_MINUTES = {
    Frequency.FIVE_MIN_INTERVAL: 5 * 60,
    Frequency.FIFTEEN_MIN_INTERVAL: 15 * 60,
    Frequency.THIRTY_MIN_INTERVAL: 30 * 60,
}


class MeasurementsNotApplicable(ValueError):
    """The grouping asked for has no meaning for these water measurements."""


class TooManyMeasurements(ValueError):
    """Answering would read more stored rows than one request may: the client must narrow the range."""


class MeasurementFileInvalid(ValueError):
    """A feed file has lines that cannot be imported; `errors` names each by its line number."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors[:5]))
        self.errors = errors


@dataclass(frozen=True)
class IntervalRead:
    """How much water one device measured over [start, end), UTC epoch seconds."""

    device_id: str
    start: int
    end: int
    value_ml: int
    source: str = "SMART_METER"


@dataclass(frozen=True)
class Device:
    """A meter as its reads are read: its serial, where it is and when it serves there, [active_from,
    active_to) in epoch seconds. A serial refitted elsewhere is another Device: only the reads of its
    days at a property are that property's."""

    device_id: str
    property_id: str
    market_supply_point_id: str
    active_from: int
    active_to: int | None

    @classmethod
    def in_service(
        cls, serial: str, property_id: str, market_supply_point_id: str, installed_on: date, removed_on: date | None
    ) -> Device:
        """From local midnight of the day the meter was fitted to local midnight of the day it was removed."""
        return cls(
            serial,
            property_id,
            market_supply_point_id,
            _midnight(installed_on, LOCAL_TIME),
            _midnight(removed_on, LOCAL_TIME) if removed_on is not None else None,
        )


class MeasurementFeed(Aggregate):
    """One device's feed, as the audit trail sees it: one event per import, never the reads themselves."""

    @staticmethod
    def id_for(device_id: str) -> UUID:
        return uuid5(_FEEDS, device_id)

    @classmethod
    def start(cls, device_id: str, at: datetime) -> MeasurementFeed:
        return cls._create(cls.Started, id=cls.id_for(device_id), device_id=device_id, timestamp=at)

    class Started(Aggregate.Created):
        device_id: str

    @event(Started)
    def __init__(self, device_id: str) -> None:
        self.device_id = device_id
        self.imports = 0
        self.reads = 0

    class Imported(Aggregate.Event):
        """`count` new reads from [first_start, last_end] arrived in a file whose SHA-256 is `digest`."""

        count: int
        first_start: datetime
        last_end: datetime
        digest: str

    @event(Imported)
    def imported(self, count: int, first_start: datetime, last_end: datetime, digest: str) -> None:
        self.imports += 1
        self.reads += count


# Reading a feed file ---------------------------------------------------------------------------


def _instant(text: str) -> int:
    moment = datetime.fromisoformat(text.strip())
    if moment.tzinfo is None:
        raise ValueError(f"{text!r} has no UTC offset")
    return int(moment.timestamp())


def _millilitres(text: str, unit: str) -> int:
    factor = UNITS.get(unit.strip().lower())
    if factor is None:
        raise ValueError(f"unknown unit {unit!r} (one of {', '.join(UNITS)})")
    try:
        amount = Decimal(text.strip()) * factor
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None
    if not amount.is_finite() or amount != amount.to_integral_value():
        raise ValueError(f"{text!r} {unit} is not a whole number of millilitres")
    return int(amount)


def read_of(fields: dict[str, Any]) -> IntervalRead:
    """One read from a feed record (device or serial, start, end, value, unit, optional source)."""
    device = str(fields.get("device") or fields.get("serial") or fields.get("device_id") or "").strip()
    if not device or len(device) > MAX_DEVICE_LENGTH:
        raise ValueError(f"the device must be 1 to {MAX_DEVICE_LENGTH} characters")
    start, end = _instant(str(fields.get("start", ""))), _instant(str(fields.get("end", "")))
    if not 0 < end - start <= MAX_INTERVAL:
        raise ValueError("the interval must end after it starts, and last at most 25 hours")
    value = _millilitres(str(fields.get("value", "")), str(fields.get("unit") or "m3"))
    if not 0 <= value <= MAX_VALUE_ML:
        raise ValueError("the value must be between 0 and 100 m3")
    source = str(fields.get("source") or "SMART_METER").strip().upper()
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r} (one of {', '.join(SOURCES)})")
    return IntervalRead(device, start, end, value, source)


def parse_feed(stream: IO[str], file_format: str) -> Iterator[tuple[int, IntervalRead | str]]:
    """Each record of a CSV (with a header line) or JSON-lines file as (line number, read), or
    (line number, what is wrong with it); streamed, one line at a time."""
    if file_format == "csv":
        lines = (line for line in stream)
        reader = csv.DictReader(lines)
        for record in reader:
            number = reader.line_num
            try:
                yield number, read_of(dict(record))
            except ValueError as error:
                yield number, f"line {number}: {error}"
        return
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        if len(line) > MAX_LINE_LENGTH:
            yield number, f"line {number}: longer than {MAX_LINE_LENGTH} characters"
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("not a JSON object")
            yield number, read_of(record)
        except ValueError as error:
            yield number, f"line {number}: {error}"


def check_batch(reads: Sequence[IntervalRead], existing: Iterable[tuple[int, int]]) -> None:
    """Refuses reads of one device that overlap each other or the stored ones `existing` (as
    (start, end)) other than by being the same interval again (a re-import, which changes nothing)."""
    spans = sorted({(r.start, r.end) for r in reads} | set(existing))
    for (start, end), (next_start, _) in pairwise(spans):
        if next_start < end:
            raise ValueError(
                f"{reads[0].device_id}: the interval starting {iso(next_start)} overlaps the one starting {iso(start)}"
            )


def iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat()


# Grouping in local time -------------------------------------------------------------------------


@dataclass(frozen=True)
class Bucket:
    """One node of a grouped series: [start, end) in epoch seconds, what was used (and how much of
    that was estimated), and when it was last read."""

    start: int
    end: int
    value_ml: int
    estimated_ml: int
    read_at: int

    @property
    def quality(self) -> str:
        """Kraken's ReadingQualityType of the period: ACTUAL, ESTIMATE or COMBINED."""
        if self.estimated_ml == 0:
            return "ACTUAL"
        return "ESTIMATE" if self.estimated_ml == self.value_ml else "COMBINED"


def period_of(moment: int, frequency: Frequency, zone: Any) -> tuple[int, int]:
    """The [start, end) in epoch seconds of the `frequency` period of `zone` containing `moment`."""
    if frequency in _MINUTES:
        length = _MINUTES[frequency]
        local = datetime.fromtimestamp(moment, zone)
        shift = int((local.utcoffset() or timedelta()).total_seconds())
        start = (moment + shift) // length * length - shift
        return start, start + length
    if frequency is Frequency.HOUR_INTERVAL:
        local = datetime.fromtimestamp(moment, zone)
        start = int(local.replace(minute=0, second=0, microsecond=0).timestamp())
        return start, start + 3600
    day = datetime.fromtimestamp(moment, zone).date()
    if frequency in (Frequency.DAY_INTERVAL, Frequency.DAILY):
        first, after = day, day + timedelta(days=1)
    elif frequency is Frequency.WEEK_INTERVAL:
        first = day - timedelta(days=day.weekday())
        after = first + timedelta(days=7)
    elif frequency is Frequency.MONTH_INTERVAL:
        first = day.replace(day=1)
        after = _months_later(first, 1)
    elif frequency is Frequency.QUARTER_INTERVAL:
        first = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        after = _months_later(first, 3)
    else:
        raise MeasurementsNotApplicable(f"{frequency} is not a grouping of interval measurements.")
    return _midnight(first, zone), _midnight(after, zone)


def _months_later(first: date, months: int) -> date:
    index = first.month - 1 + months
    return date(first.year + index // 12, index % 12 + 1, 1)


def _midnight(day: date, zone: Any) -> int:
    return int(datetime.combine(day, time(), tzinfo=zone).timestamp())


class NotWholeHours(ValueError):
    """The zone is part of an hour from UTC somewhere in the range: UTC hours cannot be grouped in it."""


def whole_hour_offsets(zone: Any, moments: Iterable[int]) -> bool:
    """Whether `zone` is a whole number of hours from UTC at each moment: then a UTC hour is a local
    hour, and the hourly rollup can be grouped in this zone."""
    return all(
        int((datetime.fromtimestamp(m, zone).utcoffset() or timedelta()).total_seconds()) % 3600 == 0 for m in moments
    )


def group(rows: Iterable[Sequence[int]], frequency: Frequency, zone: Any, *, hours: bool = False) -> list[Bucket]:
    """Rows of (start, end, millilitres, estimated millilitres, read_at) grouped into the `frequency`
    periods of `zone`, each row in the period its start falls in, in the order first seen; a row
    ending after its period ends (a daily read asked for per hour) means this grouping does not
    apply to this device's data. With `hours` (rows of UTC hours), NotWholeHours if the zone is part
    of an hour from UTC at a period's bounds (offsets change for months at a time, never twice
    within a period)."""
    found: dict[int, list[int]] = {}
    first = after = 0
    bucket: list[int] = []
    for start, end, value, estimated, read_at in rows:
        # Rows come in time order: most fall in the period of the row before.
        if not first <= start < after:
            first, after = period_of(start, frequency, zone)
            if hours and not whole_hour_offsets(zone, (first, after)):
                raise NotWholeHours(str(zone))
            found_bucket = found.get(first)
            if found_bucket is None:
                found_bucket = found[first] = [after, 0, 0, 0]
            bucket = found_bucket
        if end > after:
            raise MeasurementsNotApplicable(
                f"The device's reads are longer than a {frequency.removesuffix('_INTERVAL').lower()}: "
                "ask for a longer reading frequency (for example DAY_INTERVAL for daily reads)."
            )
        bucket[1] += value
        bucket[2] += estimated
        bucket[3] = max(bucket[3], read_at)
    return [Bucket(first, *rest) for first, rest in found.items()]
