"""Phase 7: water meters. Ingestion: a year of half-hourly reads for several meters, through the
import command's code path (a feed file checked whole, then stored in batches with the hourly
rollup); then a year of daily consumption read through `property { measurements }` over HTTP, one
client, the 365 days in pages of the API's largest page size; then submitMeterReading over HTTP at
peak, each client reading a meter of its own one day after another (plausible readings: accepted,
never held)."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from domain.accounts import commands as accounts
from domain.supply import commands as supply
from domain.supply.water_meter import MeterCapability
from ops import measurement_feed
from ops.bench.http import Connection
from ops.bench.load import REQUEST_TIMEOUT, Load, Request, Tally, closed_loop, percentile, with_cpu
from ops.bench.reads import WARM_UP, Read
from ops.bench.seed import Pair
from ops.bench.server import Server
from ops.runtime import build, settling
from settings import Settings

METERS = 4
DAYS = 365
YEAR_OF_DAYS = (
    "query Year($id: ID!, $after: String, $first: Int) { property(id: $id) { measurements(first: $first, "
    "after: $after, utilityFilters: [{waterFilters: {readingFrequencyType: DAY_INTERVAL}}]) { pageInfo "
    "{ hasNextPage endCursor } edges { node { value readAt ... on IntervalMeasurementType { startAt endAt } } } } } }"
)
SUBMIT = (
    "mutation Read($input: SubmitMeterReadingInputType!) "
    "{ submitMeterReading(input: $input) { reading { id isHeld } } }"
)
# Days a reading meter has been fitted before the readings start: each client reads one day after another.
READING_DAYS = 3 * DAYS


@dataclasses.dataclass(frozen=True)
class Ingestion:
    reads: int
    seconds: float
    batches: int

    @property
    def rate(self) -> float:
        return self.reads / self.seconds if self.seconds else 0.0


@dataclasses.dataclass(frozen=True)
class MeasurementFigures:
    ingestion: Ingestion
    year_of_days: Read  # one sample: the whole year, every page of it
    pages: int
    readings: Load  # submitMeterReading at peak


def measure_measurements(
    settings: Settings,
    directory: Path,
    pair: Pair,
    seconds: float,
    workers: int,
    concurrency: int,
    failures: list[str],
) -> MeasurementFigures:
    last_day = date.today() - timedelta(days=1)
    first_day = last_day - timedelta(days=DAYS - 1)
    contexts = build(settings)
    try:
        reading_meters = _reading_meters(contexts, pair, concurrency)
        homes = []
        # A property has one meter at a time: each bench meter is fitted at a home of the pair's account.
        for n in range(METERS):
            home = contexts.accounts.register_property(
                accounts.RegisterProperty(
                    account_number=pair.account_number,
                    lines=(f"{n + 1} Bench Lane",),
                    locality="Derby",
                    postcode="DE1 2AB",
                    occupied_from=first_day - timedelta(days=30),
                )
            ).property_id
            contexts.supply.install_meter(
                supply.InstallMeter(
                    home,
                    f"BENCH-{n}",
                    first_day - timedelta(days=7),
                    0,
                    "bench",
                    capability_type=MeterCapability.SMART,
                    meter_point_reference=f"MSPBENCH{n:04}",
                )
            )
            homes.append(home)
        serials = [f"BENCH-{n}" for n in range(METERS)]
        feed = directory / "feed.json"
        with feed.open("w", encoding="utf-8") as out:
            for serial in serials:
                for record in measurement_feed.simulated_reads(
                    serial, first_day, DAYS, "30m", measurement_feed.Household()
                ):
                    out.write(json.dumps(record, separators=(",", ":")) + "\n")
        started = time.perf_counter()
        report = measurement_feed.import_file(
            contexts.supply, feed, "json", settings.measurement_max_file_mb * 1024 * 1024
        )
        ingestion = Ingestion(report.stored, time.perf_counter() - started, report.batches)
        with settling(settings, contexts) as catch_up:
            catch_up()
    finally:
        contexts.close()
    with Server.running(settings, workers, directory, failures) as server:
        headers = pair.transfers[0][1]
        year, pages = asyncio.run(_years(server.url, headers, homes[0], settings.max_page_size, seconds))
        readings = with_cpu(server, settings, _readings(server.url, pair, reading_meters, concurrency, seconds * 2))
    return MeasurementFigures(ingestion, year, pages, readings)


def _reading_meters(contexts: Any, pair: Pair, count: int) -> list[tuple[str, date]]:
    """A manual meter per client, each at a home of the pair's account, fitted READING_DAYS ago: (serial,
    the first day it may be read)."""
    fitted_on = date.today() - timedelta(days=READING_DAYS)
    meters = []
    for n in range(count):
        home = contexts.accounts.register_property(
            accounts.RegisterProperty(
                account_number=pair.account_number,
                lines=(f"{n + 1} Reading Row",),
                locality="Derby",
                postcode="DE1 3AB",
                occupied_from=fitted_on - timedelta(days=1),
            )
        ).property_id
        serial = f"BENCH-R{n}"
        contexts.supply.install_meter(supply.InstallMeter(home, serial, fitted_on, 0, "bench"))
        meters.append((serial, fitted_on + timedelta(days=1)))
    return meters


async def _readings(url: str, pair: Pair, meters: list[tuple[str, date]], concurrency: int, seconds: float) -> Load:
    """Each client reads its own meter, the next day each turn, about a third of a cubic metre a day."""
    headers = pair.transfers[0][1]

    def next_reading(client: int, turn: int, own: Any) -> Request:
        serial, first = meters[client]
        day = first + timedelta(days=turn % (READING_DAYS - 1))
        variables = {
            "input": {
                "accountNumber": pair.account_number,
                "meterSerialNumber": serial,
                "reading": (turn % (READING_DAYS - 1)) // 3,
                "readAt": day.isoformat(),
            }
        }
        return json.dumps({"query": SUBMIT, "variables": variables}).encode(), headers

    def accepted(data: dict[str, Any]) -> bool:
        reading = (data.get("submitMeterReading") or {}).get("reading") or {}
        return bool(reading.get("id")) and reading.get("isHeld") is False

    return await closed_loop(url, [pair], concurrency, seconds, Tally(accepted), next_reading)


async def _years(url: str, headers: dict[str, str], home: str, page: int, seconds: float) -> tuple[Read, int]:
    connection = Connection(url, REQUEST_TIMEOUT)
    try:
        for _ in range(WARM_UP // 4):
            await _year(connection, headers, home, page)
        latencies, failures, pages = [], 0, 0
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            days, pages, failed = await _year(connection, headers, home, page)
            latencies.append(time.perf_counter() - started)
            failures += failed or days != DAYS
        p50, p99 = percentile(latencies, 0.5) * 1000, percentile(latencies, 0.99) * 1000
        return Read("a year of daily consumption", len(latencies), p50, p99, failures), pages
    finally:
        await connection.close()


async def _year(connection: Connection, headers: dict[str, str], home: str, page: int) -> tuple[int, int, bool]:
    """Every page of the year's days: how many days, in how many pages, and whether any request failed."""
    after: str | None = None
    days = pages = 0
    while True:
        variables: dict[str, Any] = {"id": home, "first": page, "after": after}
        body = json.dumps({"query": YEAR_OF_DAYS, "variables": variables}).encode()
        status, answer = await connection.post(body, headers)
        pages += 1
        if status != 200 or b'"errors"' in answer:
            return days, pages, True
        measurements = json.loads(answer)["data"]["property"]["measurements"]
        days += len(measurements["edges"])
        if not measurements["pageInfo"]["hasNextPage"]:
            return days, pages, False
        after = measurements["pageInfo"]["endCursor"]
