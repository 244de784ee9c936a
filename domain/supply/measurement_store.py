"""The append-only measurement store, as the supply application and the read side see it: interval
reads keyed by (device, start), and an hourly rollup kept in the same transaction. Its SQL, for both
backends, is projections/supply/measurement_store.py; on SQLite it has its own file under the data dir
(never dropped with the read models), on PostgreSQL tables in the deployment's schema.

The rollup holds one row per device and UTC hour, so any grouping of an hour or more in a zone whose
offset is a whole number of hours (Europe/London's always is) reads at most 8,784 rows per
device-year; sub-hour groupings, and zones such as Asia/Kolkata, group the raw reads. Scaling to
10^8 reads on PostgreSQL: partition `interval_reads` by month of `start_at` (the primary key
includes it), a BRIN index on `start_at` for operators' range scans; the rollup stays small.

Reads answer pages of a series: raw reads by key (start, device), or periods by their start;
bounded by the page size and by `max_rows`, the most stored rows one request may group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from domain.supply.measurements import Device, Frequency, IntervalRead

# Instants the store answers for: from the epoch to the year 3000 (Kraken's defaults reach further).
EARLIEST, LATEST = 0, 32_503_680_000
# KRAKEN_MEASUREMENT_MAX_ROWS' default: the most stored rows one request groups (11 device-years of hours).
DEFAULT_MAX_ROWS = 100_000


@dataclass(frozen=True)
class SeriesQuery:
    """One page of a series: the reads of `devices` starting in [lower, upper), each device's only
    within its service at the property, raw or grouped by `frequency` in `zone`, `size` nodes after
    `after` (or, `backwards`, before `before`)."""

    devices: tuple[Device, ...]
    lower: int
    upper: int
    frequency: Frequency
    zone: str
    size: int
    after: tuple[Any, ...] | None = None
    before: tuple[Any, ...] | None = None
    backwards: bool = False


@dataclass(frozen=True)
class Node:
    """A raw read (with its device and source) or a period's total (device None, its quality as source)."""

    start: int
    end: int
    value_ml: int
    read_at: int
    source: str
    device_id: str | None

    @property
    def key(self) -> tuple[Any, ...]:
        return (self.start,) if self.device_id is None else (self.start, self.device_id)


@dataclass(frozen=True)
class SeriesPage:
    nodes: list[Node]
    has_next: bool
    has_previous: bool


class MeasurementStore(Protocol):
    max_rows: int

    def append(self, batch: Sequence[tuple[Device, Sequence[IntervalRead]]], name: str, read_at: int) -> dict[str, int]:
        """Stores each device's reads not stored yet and adds them to its hours, all in one transaction;
        answers how many of each device's were new. ValueError if a read overlaps another or changes a
        stored one (and then nothing of the batch is stored)."""
        ...

    def pages(self, queries: Sequence[SeriesQuery]) -> list[SeriesPage]:
        """Each query's page (the loader's batch: each is its own statement, off the event loop)."""
        ...

    def counts(self, queries: Sequence[SeriesQuery]) -> list[int]:
        """How many nodes each query's whole series has (what totalCount answers)."""
        ...

    def close(self) -> None: ...
