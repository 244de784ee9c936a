"""Measurement commands: importing a meter-data feed of interval reads into the measurement store.

A file is checked whole before anything is stored (every bad line is reported by its number, and
nothing is written), then stored in batches of at most `measurement_batch_rows` reads, each batch one
transaction. Importing the same file again stores nothing new. Each device whose reads the file
carried gets one `MeasurementFeed.Imported` event, the operator's audit of the feed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from domain.shared.application import ContextApplication
from domain.supply import commands
from domain.supply.measurement_store import MeasurementStore
from domain.supply.measurements import Device, IntervalRead, MeasurementFeed, MeasurementFileInvalid, parse_feed

# Meters are installed and removed on days of Great Britain.
# KRAKEN_MEASUREMENT_BATCH_ROWS' default: the most reads one transaction stores.
DEFAULT_BATCH_ROWS = 10_000
# The most bad lines one refusal lists: enough to fix a file by, not a second copy of it.
MAX_REPORTED_ERRORS = 50


@dataclass
class ImportReport:
    """What an import did: reads in the file, how many were new, per device."""

    reads: int = 0
    stored: int = 0
    batches: int = 0
    devices: dict[str, list[int]] = field(default_factory=dict)  # device: [new reads, first start, last end]


class MeasurementCommands(ContextApplication):
    measurements: MeasurementStore
    measurement_batch_rows: int = DEFAULT_BATCH_ROWS

    def close(self) -> None:
        store = getattr(self, "measurements", None)
        if store is not None:
            store.close()
        super().close()

    # The meters topic answers it: the water meter with this serial number, or None.
    meter_by_serial: Callable[[str], Any]

    def measured_device(self, serial: str) -> Device | None:
        """The device a feed names by its meter's serial number (None for a serial no meter has): where
        it is, its supply point, and the days it is in service, from local midnight to local midnight."""
        meter = self.meter_by_serial(serial)
        if meter is None:
            return None
        return Device.in_service(
            meter.serial_number, meter.property_id, meter.meter_point_reference, meter.installed_on, meter.removed_on
        )

    def import_measurements(
        self, command: commands.ImportMeasurements, resolve: Callable[[str], Device | None] | None = None
    ) -> ImportReport:
        """Stores the file's reads; MeasurementFileInvalid (nothing stored) if any line is bad, ValueError
        naming the batch if a read overlaps or changes a stored one (earlier batches stay stored)."""
        devices: dict[str, Device | None] = {}
        find = resolve or self.measured_device

        def device_of(serial: str) -> Device | None:
            if serial not in devices:
                devices[serial] = find(serial)
            return devices[serial]

        errors: list[str] = []
        with command.open_feed() as stream:
            for number, read in parse_feed(stream, command.file_format):
                problem = read if isinstance(read, str) else _outside(read, device_of(read.device_id), number)
                if problem:
                    errors.append(problem)
                    if len(errors) >= MAX_REPORTED_ERRORS:
                        break
        if errors:
            raise MeasurementFileInvalid(errors)
        report = ImportReport()
        with command.open_feed() as stream:
            for batch in _batches(parse_feed(stream, command.file_format), self.measurement_batch_rows):
                report.reads += len(batch)
                by_device: dict[str, list[IntervalRead]] = {}
                known: dict[str, Device] = {}
                for read in batch:
                    device = _known(devices[read.device_id])
                    known[device.device_id] = device
                    by_device.setdefault(device.device_id, []).append(read)
                now = self.clock.now()
                try:
                    stored = self.measurements.append(
                        [(known[d], reads) for d, reads in by_device.items()],
                        command.digest[:16],
                        int(now.timestamp()),
                    )
                except ValueError as error:
                    raise ValueError(f"batch {report.batches + 1}: {error}") from None
                report.batches += 1
                for d, reads in by_device.items():
                    report.stored += stored[d]
                    seen = report.devices.setdefault(d, [0, min(r.start for r in reads), 0])
                    seen[0] += stored[d]
                    seen[1] = min(seen[1], min(r.start for r in reads))
                    seen[2] = max(seen[2], max(r.end for r in reads))
        for d, (_, first, last) in report.devices.items():
            self._audit(d, report, first, last, command.digest)
        return report

    def _audit(self, device_id: str, report: ImportReport, first: int, last: int, digest: str) -> None:
        def decide() -> tuple[None, list[Any]]:
            now = self.clock.now()
            feed = self.find(MeasurementFeed.id_for(device_id)) or MeasurementFeed.start(device_id, now)
            feed.imported(
                count=report.devices[device_id][0],
                first_start=datetime.fromtimestamp(first, UTC),
                last_end=datetime.fromtimestamp(last, UTC),
                digest=digest,
            )
            return None, [feed]

        self.decide(decide)


def _known(device: Device | None) -> Device:
    assert device is not None, "checked before anything is stored"
    return device


def _outside(read: IntervalRead, device: Device | None, number: int) -> str | None:
    if device is None:
        return f"line {number}: no water meter has the serial number {read.device_id!r}"
    if read.start < device.active_from or (device.active_to is not None and read.end > device.active_to):
        return f"line {number}: the interval lies outside the period meter {read.device_id} was in service"
    return None


def _batches(records: Iterator[tuple[int, IntervalRead | str]], size: int) -> Iterator[list[IntervalRead]]:
    batch: list[IntervalRead] = []
    for _, read in records:
        assert isinstance(read, IntervalRead), "the file was checked whole first"
        batch.append(read)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
