"""The supply context's commands, one block per topic: what a mutation (or an operator) asks of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import IO

import msgspec

from domain.supply.meter_readings import ReadingSource
from domain.supply.water_meter import MeterCapability

# Lifecycle processes ------------------------------------------------------------------------------


class AcceptJoinSupplierTerms(msgspec.Struct, frozen=True, kw_only=True):
    """The customer accepts the terms of a join supplier process: the one numbered, or without a
    number the account's one open process. `accepted_by` is who acts (the request's actor)."""

    account_number: str
    process_number: str | None = None
    accepted_by: str


class SupplyPointMatch(msgspec.Struct, frozen=True, kw_only=True):
    """A supply point named by its identifier (the property id of the process), as cancelEnrollment's
    deprecated `supplyPoints` names them."""

    identifier: str
    market_name: str | None = None


class CancelEnrollment(msgspec.Struct, frozen=True, kw_only=True):
    """Cancels a join supplier or occupy property process: the one numbered, or without a number the
    account's one active process at the supply points given. `allowed` is the set of account numbers
    the viewer may act on (None: any account, as an organisation); a process of another account is
    answered as no process at all."""

    process_number: str | None = None
    account_number: str | None = None
    supply_points: tuple[SupplyPointMatch, ...] = ()
    reason: str = ""
    cancelled_by: str
    allowed: frozenset[str] | None = None


# House moves ------------------------------------------------------------------------------------


class NewAddress(msgspec.Struct, frozen=True, kw_only=True):
    """A home named by its street address (lines separated by newlines or commas) and postcode."""

    address: str
    postcode: str


class MoveInCreateCustomer(msgspec.Struct, frozen=True, kw_only=True):
    """The sign-up: exactly one of `property_id` and `address` names the home (KT-GB-5416 otherwise)."""

    given_name: str
    family_name: str
    email: str
    password: str = msgspec.field(default="")
    mobile: str = ""
    property_id: str | None = None
    address: NewAddress | None = None
    move_in_date: date


class NextProperty(msgspec.Struct, frozen=True, kw_only=True):
    address: NewAddress
    move_in_date: date


class MoveOut(msgspec.Struct, frozen=True, kw_only=True):
    account_number: str
    property_id: str
    move_out_date: date
    new_property: NextProperty | None = None
    moved_by: str = ""


class ForceMoveIn(msgspec.Struct, frozen=True, kw_only=True):
    """The viewer's account leaves on `move_in_date`; a new account for the named person occupies from it."""

    account_number: str
    property_id: str
    move_in_date: date
    given_name: str
    family_name: str
    email: str = ""
    mobile: str = ""
    moved_by: str = ""


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


# Products: the catalogue, quotes, product switches and quote follow-ups ----------------------------


class AddProduct(msgspec.Struct, frozen=True, kw_only=True):
    """Adds a water product to the catalogue (an operator's command); available from today by default."""

    code: str
    display_name: str
    basis: str
    standing_charge: Decimal
    volumetric_rate: Decimal = Decimal(0)
    description: str = ""
    available_from: date | None = None
    available_to: date | None = None


class QuoteProducts(msgspec.Struct, frozen=True, kw_only=True):
    """Quotes products for the supply point of a property the account occupies."""

    account_number: str
    property_id: str
    product_codes: tuple[str, ...]


class InitiateProductSwitch(msgspec.Struct, frozen=True, kw_only=True):
    account_number: str
    quoted_product_id: str
    switch_date: date
    suppress_communications: bool = True
    # Where the confirmation goes when it is not suppressed (else the account's billing email).
    notify_email: str | None = None


class ScheduleQuoteFollowUp(msgspec.Struct, frozen=True, kw_only=True):
    quote_code: str
    # Who asks (a client address): the throttle counts per quote and per client.
    client: str
    account_number: str | None = None
    email: str = ""
    mobile: str = ""
    given_name: str = ""
    family_name: str = ""


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
