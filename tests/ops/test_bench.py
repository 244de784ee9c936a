"""`kraken bench`: one tiny run on SQLite measures every figure, without errors, and leaves nothing behind;
the wait for settlement counts the collections answered, not only those the read model shows yet."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from rich.console import Console

from ops import bench
from ops.bench import collect
from settings import Settings


def test_a_tiny_run_on_sqlite_measures_every_figure(tmp_path: Path) -> None:
    # given the embedded default on an empty data directory
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    settings = Settings(data_dir=str(data_dir), secret_key="bench-secret-" + uuid.uuid4().hex)
    # when benchmarking for a second per phase with a real server of one worker
    report = bench.run(settings, seconds=1, concurrency=2, workers=1, users=4)
    # then the raw ceiling, the application's append rate, the API's mutation rate and the catch-up rate were measured
    assert report.ceiling.count > 0 and report.ceiling_rate > 0 and report.baseline.rate > 0
    assert report.peak.succeeded > 0 and report.peak.rate > 0
    assert report.half.requests > 0 and report.open_loop_rate > 0
    assert report.catch_up_rate > 0
    assert {c.projection for c in report.catch_up} >= {"loyalty_points"}
    # the loyalty projection replayed at least two entries per transfer, plus the seeded awards
    replayed = {c.projection: c.events for c in report.catch_up}
    assert replayed["loyalty_points"] >= 2 * (report.peak.succeeded + report.half.succeeded)
    # and no request failed, in any phase
    assert report.warm_up.errors == {} and report.peak.errors == {} and report.half.errors == {}
    assert report.peak.p50_ms > 0 and report.peak.p99_ms >= report.peak.p50_ms
    assert report.peak_rss_mb > 0
    # each read was answered, none of them with an error
    assert [read.name for read in report.reads] == ["{ __typename }", "viewer { id }", "dashboard"]
    assert all(read.requests > 0 and read.failures == 0 and read.p50_ms > 0 for read in report.reads)
    # and the dashboard was read at peak by every client, without errors
    assert report.dashboard.succeeded > 0 and report.dashboard.errors == {} and report.dashboard.p99_ms > 0
    # collectPayment was measured too, and every payment it asked for settled end to end
    assert report.collect is not None and report.collect.succeeded > 0 and report.collect.errors == {}
    assert report.settlement is not None
    assert report.settlement.payments >= report.collect.succeeded
    assert report.settlement.settled == report.settlement.succeeded == report.settlement.payments
    # a year of half-hourly reads of each bench meter was imported, and a year of days read without failures
    assert report.measurements is not None and report.measurements.ingestion.reads > 4 * 364 * 48
    assert report.measurements.ingestion.rate > 0
    year = report.measurements.year_of_days
    assert year.requests > 0 and year.failures == 0 and year.p99_ms >= year.p50_ms > 0
    # and customers' meter readings were submitted, every one accepted
    readings = report.measurements.readings
    assert readings.succeeded > 0 and readings.errors == {} and readings.p99_ms >= readings.p50_ms > 0
    # SQLite has no network round trips to count
    assert report.round_trips.transactions is None
    # the report renders, and the scratch data is gone
    console = Console(record=True, width=160)
    console.print(bench.render(report))
    text = console.export_text()
    assert "transferLoyaltyPointsBetweenUsers" in text and "collectPayment" in text and "dashboard, peak" in text
    assert "measurement ingestion" in text and "submitMeterReading" in text
    assert list(data_dir.iterdir()) == []


def test_settlement_waits_for_the_answered_collections_while_the_read_model_is_behind() -> None:
    # given a read model that shows none of the phase's 3 collections at first, then 3 requested, then settled
    views = iter([{}, {"REQUESTED": 3}, {"SUCCEEDED": 2, "REQUESTED": 1}, {"SUCCEEDED": 3}])

    class Behind:
        def rows(self, sql: str) -> list[tuple[str, int]]:
            return list(next(views).items())

    # when waiting for the 3 collections the phase was answered for
    settlement = collect._poll_settlement(
        Behind(), {}, time.perf_counter(), time.perf_counter() + 30, ("SUCCEEDED",), 3
    )  # type: ignore[arg-type]
    # then it waited until all three had settled, not until the read model first showed nothing to wait for
    assert (settlement.payments, settlement.settled, settlement.succeeded) == (3, 3, 3)
