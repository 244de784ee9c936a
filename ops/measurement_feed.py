"""Meter-data feed files: importing one into the measurement store (what `kraken measurements import`,
the demo and the bench run), and a simulated feed of household water use.

The simulated household uses about 140 litres per person per day (Waterwise's figure for England),
shaped over the day (a morning peak for showers, an evening one for cooking and washing, little
overnight), a little more at weekends, varying from day to day; the same serial, days and seed
always give the same reads.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import IO

from domain.supply.application import Supply
from domain.supply.commands import ImportMeasurements
from domain.supply.measurement_commands import ImportReport
from domain.supply.measurements import LOCAL_TIME

LITRES_PER_PERSON_DAY = 140
INTERVALS = {"30m": timedelta(minutes=30), "1d": timedelta(days=1)}
FORMATS = ("csv", "json")


class FeedFileRefused(ValueError):
    """The file is too large, or of a format the import does not read."""


def import_file(
    supply: Supply,
    path: Path,
    file_format: str,
    max_bytes: int,
) -> ImportReport:
    """Imports the feed file at `path` (checked whole, then stored in batches); its SHA-256 goes into
    the audit events. Serials name water meters."""
    if file_format not in FORMATS:
        raise FeedFileRefused(f"unknown format {file_format!r} (one of {', '.join(FORMATS)})")
    size = path.stat().st_size
    if size > max_bytes:
        raise FeedFileRefused(f"{path} is {size} bytes; a feed file may be at most {max_bytes}")
    digest = hashlib.sha256()
    with path.open("rb") as raw:
        for chunk in iter(lambda: raw.read(1 << 20), b""):
            digest.update(chunk)

    def open_feed() -> IO[str]:
        return path.open(encoding="utf-8", newline="")

    return supply.import_measurements(ImportMeasurements(open_feed, file_format, digest.hexdigest()))


@dataclass(frozen=True)
class Household:
    occupants: int = 2
    seed: int = 1


# The share of a day's use in each hour, local time: asleep, a morning peak, the day, an evening peak.
_HOURLY = [
    0.5,
    0.3,
    0.2,
    0.2,
    0.3,
    0.8,
    3.0,
    9.0,
    10.0,
    6.0,
    4.5,
    4.0,
    4.5,
    4.0,
    3.5,
    3.5,
    4.0,
    5.0,
    7.5,
    8.5,
    7.0,
    5.0,
    3.5,
    1.7,
]
_SHARE = [weight / sum(_HOURLY) for weight in _HOURLY]


def simulated_reads(
    serial: str, first_day: date, days: int, interval: str, household: Household
) -> Iterator[dict[str, str]]:
    """Feed records (device, start, end, value in litres) for `days` local days from `first_day`."""
    step = INTERVALS[interval]
    generator = random.Random(f"{serial}:{household.seed}")
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        weekend = 1.1 if day.weekday() >= 5 else 1.0
        litres = LITRES_PER_PERSON_DAY * household.occupants * weekend * generator.uniform(0.8, 1.2)
        start = datetime.combine(day, time(), tzinfo=LOCAL_TIME).astimezone(UTC)
        end = datetime.combine(day + timedelta(days=1), time(), tzinfo=LOCAL_TIME).astimezone(UTC)
        if step >= end - start - timedelta(hours=1):
            yield _record(serial, start, end, litres)
            continue
        moment = start
        while moment < end:
            hour = moment.astimezone(LOCAL_TIME).hour
            share = _SHARE[hour] * step / timedelta(hours=1)
            # Use comes in draws (a shower, a flush): some half hours see none at all.
            used = (
                0.0
                if generator.random() < 0.15 * (1 - _SHARE[hour] * 10)
                else litres * share * generator.uniform(0.6, 1.4)
            )
            yield _record(serial, moment, moment + step, used)
            moment += step


def _record(serial: str, start: datetime, end: datetime, litres: float) -> dict[str, str]:
    return {
        "device": serial,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "value": f"{math.floor(litres * 10) / 10:.1f}",
        "unit": "l",
    }


def write_feed(records: Iterator[dict[str, str]], path: Path) -> int:
    """Writes the records as a JSON-lines feed file; how many."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, separators=(",", ":")) + "\n")
            count += 1
    return count
