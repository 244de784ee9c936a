"""The supply context's commands, one block per topic: what a mutation (or an operator) asks of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import msgspec

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


# Charges: the basis of charge, measured tariffs and meter applications (service orders) ----------------


class CreateServiceOrder(msgspec.Struct, frozen=True, kw_only=True):
    """An application for a meter at a property the account occupies; `raised_by` is who acts."""

    account_number: str
    property_id: str
    notes: str
    raised_by: str


class SwitchAccountToMeasuredTariff(msgspec.Struct, frozen=True, kw_only=True):
    """The account asks to be charged on a meter at the property it occupies today."""

    account_number: str
    property_id: str
    requested_by: str


class BookServiceOrderSurvey(msgspec.Struct, frozen=True, kw_only=True):
    number: str
    survey_on: date
    booked_by: str


class CancelServiceOrder(msgspec.Struct, frozen=True, kw_only=True):
    number: str
    reason: str
    cancelled_by: str


class CloseServiceOrderNotPracticable(msgspec.Struct, frozen=True, kw_only=True):
    number: str
    reason: str
    closed_by: str


class SetRateableValue(msgspec.Struct, frozen=True, kw_only=True):
    """The property's rateable value, in pence."""

    property_id: str
    pence: int
    set_by: str
