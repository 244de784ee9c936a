"""The supply context's commands, one block per topic: what a mutation (or an operator) asks of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import IO

from domain.supply.meter_readings import ReadingSource
from domain.supply.water_meter import MeterCapability

# Meters -------------------------------------------------------------------------------------------
# `acting_for` is the accounts the actor acts for: None for an organisation or staff, who may act on
# any property; an account user acts on a property their account occupies.


@dataclass(frozen=True, slots=True)
class InstallMeter:
    property_id: str
    serial_number: str
    installation_date: date
    initial_reading: int
    installed_by: str
    acting_for: frozenset[str] | None = None
    location: str | None = None
    number_of_digits: int | None = None
    capability_type: MeterCapability | None = None
    meter_point_reference: str | None = None


@dataclass(frozen=True, slots=True)
class ExchangeMeter:
    property_id: str
    old_serial_number: str
    final_reading: int
    new_serial_number: str
    initial_reading: int
    exchange_date: date
    exchanged_by: str
    acting_for: frozenset[str] | None = None
    location: str | None = None
    number_of_digits: int | None = None
    capability_type: MeterCapability | None = None
    meter_point_reference: str | None = None


@dataclass(frozen=True, slots=True)
class ModifyMeter:
    property_id: str
    serial_number: str
    modified_by: str
    acting_for: frozenset[str] | None = None
    new_serial_number: str | None = None
    installation_date: date | None = None
    location: str | None = None


@dataclass(frozen=True, slots=True)
class SubmitMeterReading:
    account_number: str
    serial_number: str
    value: int
    read_on: date
    submitted_by: str
    source: ReadingSource = ReadingSource.CUSTOMER


@dataclass(frozen=True, slots=True)
class ReviewReading:
    """An operator releases, rejects or quarantines one reading, named by its id."""

    reading_id: str
    by: str


# Measurements ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportMeasurements:
    """A meter-data feed file: `open_feed` opens it (it is read twice: checked whole, then stored),
    in `file_format` ("csv" or "json", one object a line), whose SHA-256 is `digest`."""

    open_feed: Callable[[], IO[str]]
    file_format: str
    digest: str
