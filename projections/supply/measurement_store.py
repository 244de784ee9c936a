"""The measurement store's SQL (domain/supply/measurement_store.py says what it answers), the same for
both backends, on a read-model database of its own: the transaction and statements of
projections/store.py, so that it shares their connection policy.

Why a table and not events: see domain/supply/measurements.py. A batch is one transaction: a
device's new reads and the hours they add to are written together or not at all; a read
already stored (the same device and start, the same interval and value) is skipped, so importing a
file again changes nothing, and a different value for a stored interval is refused (a feed's facts
are never corrected in place). Which property a device's reads belong to is not stored here: a
query names each device with its days of service at the property (SeriesQuery).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from domain.supply.measurement_store import DEFAULT_MAX_ROWS, EARLIEST, LATEST, Node, SeriesPage, SeriesQuery
from domain.supply.measurements import (
    MAX_INTERVAL,
    Bucket,
    Device,
    Frequency,
    IntervalRead,
    NotWholeHours,
    TooManyMeasurements,
    check_batch,
    group,
    iso,
    period_of,
)
from projections.store import Cursor, PostgresReadStore, ReadStore

_TABLES = (
    "CREATE TABLE IF NOT EXISTS interval_reads (device_id TEXT NOT NULL, start_at BIGINT NOT NULL, "
    "end_at BIGINT NOT NULL, value_ml BIGINT NOT NULL, source TEXT NOT NULL, read_at BIGINT NOT NULL, "
    "batch TEXT NOT NULL, PRIMARY KEY (device_id, start_at)){clustered}",
    "CREATE TABLE IF NOT EXISTS measurement_hours (device_id TEXT NOT NULL, hour_start BIGINT NOT NULL, "
    "max_end BIGINT NOT NULL, value_ml BIGINT NOT NULL, estimated_ml BIGINT NOT NULL, read_at BIGINT NOT NULL, "
    "PRIMARY KEY (device_id, hour_start)){clustered}",
)
# The longest each period can be, in seconds (a day of 25 hours, a month of 31 days and an hour...).
_LONGEST = {
    Frequency.FIVE_MIN_INTERVAL: 300,
    Frequency.FIFTEEN_MIN_INTERVAL: 900,
    Frequency.THIRTY_MIN_INTERVAL: 1800,
    Frequency.HOUR_INTERVAL: 3600,
    Frequency.DAY_INTERVAL: 25 * 3600,
    Frequency.DAILY: 25 * 3600,
    Frequency.WEEK_INTERVAL: 7 * 86400 + 3600,
    Frequency.MONTH_INTERVAL: 31 * 86400 + 3600,
    Frequency.QUARTER_INTERVAL: 92 * 86400 + 3600,
}
_MINUTES = (Frequency.FIVE_MIN_INTERVAL, Frequency.FIFTEEN_MIN_INTERVAL, Frequency.THIRTY_MIN_INTERVAL)
_READ_COLUMNS = "device_id, start_at, end_at, value_ml, source, read_at"


class SQLMeasurementStore:
    """The measurement store on `store`, which it owns."""

    def __init__(self, store: ReadStore, max_rows: int = DEFAULT_MAX_ROWS) -> None:
        self._store, self.max_rows = store, max_rows
        postgres = isinstance(store, PostgresReadStore)
        # SQLite's two-argument max() is PostgreSQL's GREATEST(); a table without rowids is stored in
        # primary-key order, as reads are always scanned.
        self._greatest = "GREATEST" if postgres else "max"
        with store.transaction() as cursor:
            for statement in _TABLES:
                cursor.execute(statement.replace("{clustered}", "" if postgres else " WITHOUT ROWID"))

    def close(self) -> None:
        self._store.close()

    # Writing ---------------------------------------------------------------------------------------

    def append(self, batch: Sequence[tuple[Device, Sequence[IntervalRead]]], name: str, read_at: int) -> dict[str, int]:
        """Stores each device's reads not stored yet and adds them to its hours, all in one transaction;
        answers how many of each device's were new. ValueError if a read overlaps another or changes a
        stored one (and then nothing of the batch is stored)."""
        with self._store.transaction() as cursor:
            return {
                device.device_id: self._append(cursor, device, reads, name, read_at) for device, reads in batch if reads
            }

    def _append(self, cursor: Cursor, device: Device, reads: Sequence[IntervalRead], name: str, read_at: int) -> int:
        first, last = min(r.start for r in reads), max(r.end for r in reads)
        cursor.execute(
            "SELECT start_at, end_at, value_ml FROM interval_reads WHERE device_id = %s AND start_at >= %s "
            "AND start_at < %s",
            (device.device_id, first - MAX_INTERVAL, last),
        )
        stored = {start: (end, value) for start, end, value in cursor.fetchall()}
        fresh: dict[int, IntervalRead] = {}
        for read in reads:
            seen = fresh.get(read.start)
            known = stored.get(read.start) or ((seen.end, seen.value_ml) if seen is not None else None)
            if known is None:
                fresh[read.start] = read
            elif known != (read.end, read.value_ml):
                raise ValueError(
                    f"{read.device_id}: the interval starting {iso(read.start)} is already stored with another "
                    "end or value; stored measurements are never corrected in place"
                )
        check_batch(list(fresh.values()), [(start, end) for start, (end, _) in stored.items()])
        new = sorted(fresh.values(), key=lambda r: r.start)
        cursor.insert_rows(
            "interval_reads",
            ("device_id", "start_at", "end_at", "value_ml", "source", "read_at", "batch"),
            # Under the device's own spelling of its serial, however the feed wrote it.
            [(device.device_id, r.start, r.end, r.value_ml, r.source, read_at, name) for r in new],
        )
        hours: dict[int, list[int]] = {}
        for r in new:
            hour = hours.setdefault(r.start - r.start % 3600, [0, 0, 0])
            hour[0] = max(hour[0], r.end)
            hour[1] += r.value_ml
            hour[2] += r.value_ml if r.source == "ESTIMATE" else 0
        cursor.executemany(
            "INSERT INTO measurement_hours (device_id, hour_start, max_end, value_ml, estimated_ml, read_at) "
            "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (device_id, hour_start) DO UPDATE SET "
            f"max_end = {self._greatest}(measurement_hours.max_end, excluded.max_end), "
            "value_ml = measurement_hours.value_ml + excluded.value_ml, "
            "estimated_ml = measurement_hours.estimated_ml + excluded.estimated_ml, read_at = excluded.read_at",
            [(device.device_id, hour, *sums, read_at) for hour, sums in sorted(hours.items())],
        )
        return len(new)

    # Reading ---------------------------------------------------------------------------------------

    def pages(self, queries: Sequence[SeriesQuery]) -> list[SeriesPage]:
        """Each query's page (the loader's batch: each is its own statement, off the event loop)."""
        return [self._page(query) for query in queries]

    def counts(self, queries: Sequence[SeriesQuery]) -> list[int]:
        """How many nodes each query's whole series has (what totalCount answers)."""
        return [self._count(query) for query in queries]

    def _page(self, q: SeriesQuery) -> SeriesPage:
        if not q.devices or (q.size == 0 and q.frequency is not Frequency.RAW_INTERVAL):
            return SeriesPage([], False, False)
        if q.frequency is Frequency.RAW_INTERVAL:
            return self._raw_page(q)
        zone = ZoneInfo(q.zone)
        lower, upper = self._span(q, zone)
        if q.after is not None:
            lower = max(lower, period_of(int(q.after[0]), q.frequency, zone)[1])
        if q.before is not None:
            upper = min(upper, int(q.before[0]))
        lower, upper = self._occupied(q, lower, upper)
        # Read only as far as the page needs: the span of size + 1 periods, wider if periods lack data.
        reach = (q.size + 2) * _LONGEST[q.frequency]
        while True:
            near, far = (max(lower, upper - reach), upper) if q.backwards else (lower, min(upper, lower + reach))
            buckets, capped = self._buckets(q, zone, near, far)
            if len(buckets) > q.size or (near, far) == (lower, upper) or capped:
                break
            reach *= 4
        if capped:
            # Rows arrive in order: only the last period can be cut short by the cap.
            buckets = buckets[:-1]
            if len(buckets) <= q.size:
                raise TooManyMeasurements(
                    f"Grouping this range reads more than {self.max_rows} stored rows: narrow startAt/endAt."
                )
        more = len(buckets) > q.size
        within = self._span(q, zone)
        kept = [_node(b, *within) for b in buckets[: q.size]]
        if q.backwards:
            kept.reverse()
            return SeriesPage(kept, q.before is not None, more)
        return SeriesPage(kept, more, q.after is not None)

    def _occupied(self, q: SeriesQuery, lower: int, upper: int) -> tuple[int, int]:
        """[lower, upper) narrowed to the hours that have reads (the defaults reach from the far past to
        the far future): one look at each end of the devices' rollup."""
        if upper <= lower:
            return lower, lower
        where, params = _within(q, "hour_start", lower - lower % 3600, upper)
        [(first, last)] = self._store.rows(
            f"SELECT MIN(hour_start), MAX(hour_start) FROM measurement_hours WHERE {where}", params
        )
        if first is None:
            return lower, lower
        return max(lower, int(first)), min(upper, int(last) + 3600)

    def _buckets(self, q: SeriesQuery, zone: ZoneInfo, lower: int, upper: int) -> tuple[list[Bucket], bool]:
        """The periods of the reads starting in [lower, upper), in the query's direction, and whether
        the cap cut the rows short."""
        rows, hours = self._grouped_rows(q, zone, lower, upper, descending=q.backwards)
        try:
            buckets = group(rows[: self.max_rows], q.frequency, zone, hours=hours)
        except NotWholeHours:
            rows, hours = self._grouped_rows(q, zone, lower, upper, descending=q.backwards, raw=True)
            buckets = group(rows[: self.max_rows], q.frequency, zone)
        return buckets, len(rows) > self.max_rows

    def _count(self, q: SeriesQuery) -> int:
        if not q.devices:
            return 0
        if q.frequency is Frequency.RAW_INTERVAL:
            where, params = _within(q, "start_at", q.lower, q.upper)
            return int(self._store.rows(f"SELECT COUNT(*) FROM interval_reads WHERE {where}", params)[0][0])
        zone = ZoneInfo(q.zone)
        buckets, capped = self._buckets(dataclasses.replace(q, backwards=False), zone, *self._span(q, zone))
        if capped:
            raise TooManyMeasurements(
                f"Counting this range reads more than {self.max_rows} stored rows: narrow startAt/endAt."
            )
        return len(buckets)

    @staticmethod
    def _span(q: SeriesQuery, zone: ZoneInfo) -> tuple[int, int]:
        """The reads a series covers: those starting in [lower, upper), within the instants served. A
        period cut by either bound is answered as the part inside it (its node says so)."""
        lower, upper = max(q.lower, EARLIEST), min(q.upper, LATEST)
        return lower, max(lower, upper)

    def _grouped_rows(
        self, q: SeriesQuery, zone: ZoneInfo, lower: int, upper: int, *, descending: bool, raw: bool = False
    ) -> tuple[list[tuple[int, ...]], bool]:
        """(start, end, millilitres, estimated, read_at) rows for grouping, at most one more than the
        cap, and whether they are UTC hours (where hours can serve) rather than raw reads."""
        if upper <= lower:
            return [], False
        order = "DESC" if descending else "ASC"
        bounds = [lower, upper, *(b for d in q.devices for b in (d.active_from, d.active_to or 0))]
        if not raw and q.frequency not in _MINUTES and all(b % 3600 == 0 for b in bounds):
            where, params = _within(q, "hour_start", lower, upper)
            rows = self._store.rows(
                "SELECT hour_start, max_end, value_ml, estimated_ml, read_at FROM measurement_hours "
                f"WHERE {where} ORDER BY hour_start {order} LIMIT %s",
                (*params, self.max_rows + 1),
            )
            return rows, True
        where, params = _within(q, "start_at", lower, upper)
        rows = self._store.rows(
            "SELECT start_at, end_at, value_ml, CASE WHEN source = 'ESTIMATE' THEN value_ml ELSE 0 END, read_at "
            f"FROM interval_reads WHERE {where} ORDER BY start_at {order} LIMIT %s",
            (*params, self.max_rows + 1),
        )
        return rows, False

    def _raw_page(self, q: SeriesQuery) -> SeriesPage:
        where, params = _within(q, "start_at", q.lower, q.upper)
        for bound, later in ((q.after, True), (q.before, False)):
            if bound is not None:
                where += f" AND (start_at, device_id) {'>' if later else '<'} (%s, %s)"
                params.extend(bound)
        order = "DESC" if q.backwards else "ASC"
        rows = self._store.rows(
            f"SELECT {_READ_COLUMNS} FROM interval_reads WHERE {where} "
            f"ORDER BY start_at {order}, device_id {order} LIMIT %s",
            (*params, q.size + 1),
        )
        more = len(rows) > q.size
        kept = [
            Node(start, end, value, read_at, source, device)
            for device, start, end, value, source, read_at in rows[: q.size]
        ]
        if q.backwards:
            kept.reverse()
            return SeriesPage(kept, q.before is not None, more)
        return SeriesPage(kept, more, q.after is not None)


def _within(q: SeriesQuery, column: str, lower: int, upper: int) -> tuple[str, list[Any]]:
    """The condition on rows of the query's devices starting in [lower, upper), each device's only
    within its service at the property: a serial refitted elsewhere keeps its reads there."""
    clauses: list[str] = []
    params: list[Any] = []
    for device in q.devices:
        start = max(lower, device.active_from)
        end = upper if device.active_to is None else min(upper, device.active_to)
        if start < end:
            clauses.append(f"(device_id = %s AND {column} >= %s AND {column} < %s)")
            params += [device.device_id, start, end]
    return (f"({' OR '.join(clauses)})" if clauses else "1 = 0"), params


def _node(bucket: Bucket, lower: int, upper: int) -> Node:
    start, end = max(bucket.start, lower), min(bucket.end, upper)
    return Node(start, end, bucket.value_ml, bucket.read_at, bucket.quality, None)
