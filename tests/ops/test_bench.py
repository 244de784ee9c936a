"""`kraken bench`: one tiny run on SQLite measures every figure, without errors, and leaves nothing behind."""

from __future__ import annotations

import uuid
from pathlib import Path

from rich.console import Console

from ops import bench
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
