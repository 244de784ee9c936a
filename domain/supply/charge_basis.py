"""The basis of charge at a property: what each account occupying it pays on, and when that changed.

Water for a home is charged on one of three bases:
- UNMEASURED_RV: on the property's rateable value (set in 1990 and never updated; kept here, in pence);
- ASSESSED: an assessed charge by the property's band (detached, semi-detached, flat or terraced),
  or the single-occupier assessed charge when one person lives there; for homes with neither a meter
  nor a rateable value, or where a meter cannot reasonably be fitted;
- MEASURED: on what the meter records, from a date.

An account starts on MEASURED if the property had an active meter on its first day there (a new
occupier of a metered home is measured, and cannot revert), else UNMEASURED_RV if the property has a
rateable value, else ASSESSED: moving in never forces a meter. It moves to MEASURED when it asks
(switchAccountToMeasuredTariff) and a meter is, or later gets, fitted. That switch starts the
reversion window, within which the customer may go back to unmeasured charges.

The starting basis is derived when asked (`basis_periods`) from the occupancy, the meters and the
rateable value; what is decided here, per property, is only what the facts do not say: the
rateable value, the open meter application, each account's request for and switch to measured
charges, and an offer of assessed charges when a meter could not be fitted. One aggregate per
property also makes the open application a claim: two concurrent applications conflict on it.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

_BASES = uuid5(NAMESPACE_URL, "https://kraken-es/supply/charge-basis/")

# The highest rateable value accepted, in pence: domestic rateable values are hundreds of pounds.
MAX_RATEABLE_VALUE = 10_000_000


class Basis(StrEnum):
    MEASURED = "MEASURED"
    UNMEASURED_RV = "UNMEASURED_RV"
    ASSESSED = "ASSESSED"


class RateableValueInvalid(ValueError):
    """A rateable value must be a positive whole number of pence, at most MAX_RATEABLE_VALUE."""


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day where it has no such day (31 Jan + 1 → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, slots=True)
class MeasuredSwitch:
    valid_from: date
    reversion_deadline: date
    switched_at: datetime


@dataclass(frozen=True, slots=True)
class AssessedOffer:
    service_order_number: str
    band: str | None
    single_occupier: bool
    offered_at: datetime


class ChargeBasis(Aggregate):
    """What is decided about charging at one property, across the accounts that occupy it."""

    @staticmethod
    def id_for(property_id: str) -> UUID:
        return uuid5(_BASES, property_id)

    @classmethod
    def start(cls, property_id: str) -> ChargeBasis:
        return cls._create(cls.Started, id=cls.id_for(property_id), property_id=property_id)

    class Started(Aggregate.Created):
        property_id: str

    @event(Started)
    def __init__(self, property_id: str) -> None:
        self.property_id = property_id
        self.rateable_value: int | None = None
        self.open_application: str | None = None
        self.requested: dict[str, str] = {}
        self.switches: dict[str, MeasuredSwitch] = {}
        self.offers: dict[str, AssessedOffer] = {}
        self.switches_confirmed: set[str] = set()

    # The rateable value --------------------------------------------------------------------------

    def set_rateable_value(self, pence: int, set_by: str, at: datetime) -> None:
        if not 0 < pence <= MAX_RATEABLE_VALUE:
            raise RateableValueInvalid(
                f"A rateable value is a positive number of pence, at most {MAX_RATEABLE_VALUE} (£100,000)."
            )
        if pence != self.rateable_value:
            self._set_rateable_value(pence=pence, set_by=set_by, at=at)

    class RateableValueSet(Aggregate.Event):
        pence: int
        set_by: str
        at: datetime

    @event(RateableValueSet)
    def _set_rateable_value(self, pence: int, set_by: str, at: datetime) -> None:
        self.rateable_value = pence

    # The open meter application (the claim) --------------------------------------------------------

    def claim_application(self, order_number: str, account_number: str) -> None:
        if self.open_application is not None:
            raise ValueError(f"Property {self.property_id} has an open meter application: {self.open_application}.")
        self._claim_application(order_number=order_number, account_number=account_number)

    class MeterApplicationClaimed(Aggregate.Event):
        order_number: str
        account_number: str

    @event(MeterApplicationClaimed)
    def _claim_application(self, order_number: str, account_number: str) -> None:
        self.open_application = order_number

    def release_application(self, order_number: str) -> None:
        if self.open_application == order_number:
            self._release_application(order_number=order_number)

    class MeterApplicationReleased(Aggregate.Event):
        order_number: str

    @event(MeterApplicationReleased)
    def _release_application(self, order_number: str) -> None:
        self.open_application = None

    # Measured charges ----------------------------------------------------------------------------

    def request_measured(self, account_number: str, order_number: str, at: datetime) -> None:
        """The account asked for measured charges and the property has no meter: switched once one is fitted."""
        if account_number not in self.requested and account_number not in self.switches:
            self._request_measured(account_number=account_number, service_order_number=order_number, at=at)

    class MeasuredTariffRequested(Aggregate.Event):
        account_number: str
        service_order_number: str
        at: datetime

    @event(MeasuredTariffRequested)
    def _request_measured(self, account_number: str, service_order_number: str, at: datetime) -> None:
        self.requested[account_number] = service_order_number

    def switch_to_measured(self, account_number: str, valid_from: date, reversion_months: int, at: datetime) -> bool:
        """The account is charged on its meter from `valid_from`; False (and no event) if it already is."""
        if account_number in self.switches:
            return False
        self._switch_to_measured(
            property_id=self.property_id,
            account_number=account_number,
            valid_from=valid_from,
            reversion_deadline=add_months(valid_from, reversion_months),
            at=at,
        )
        return True

    class SwitchedToMeasured(Aggregate.Event):
        property_id: str
        account_number: str
        valid_from: date
        reversion_deadline: date
        at: datetime

    @event(SwitchedToMeasured)
    def _switch_to_measured(
        self, property_id: str, account_number: str, valid_from: date, reversion_deadline: date, at: datetime
    ) -> None:
        self.requested.pop(account_number, None)
        self.switches[account_number] = MeasuredSwitch(valid_from, reversion_deadline, at)

    def record_switch_confirmed(self, account_number: str, at: datetime) -> None:
        """The account's users were emailed that it is now charged on its meter (once)."""
        if account_number in self.switches and account_number not in self.switches_confirmed:
            self._record_switch_confirmed(account_number=account_number, at=at)

    class SwitchConfirmationSent(Aggregate.Event):
        account_number: str
        at: datetime

    @event(SwitchConfirmationSent)
    def _record_switch_confirmed(self, account_number: str, at: datetime) -> None:
        self.switches_confirmed.add(account_number)

    def offer_assessed(
        self, account_number: str, order_number: str, band: str | None, single_occupier: bool, at: datetime
    ) -> None:
        """No meter can be fitted: the applicant is offered assessed charges instead of waiting for one."""
        self._offer_assessed(
            account_number=account_number,
            service_order_number=order_number,
            band=band,
            single_occupier=single_occupier,
            at=at,
        )

    class AssessedChargesOffered(Aggregate.Event):
        account_number: str
        service_order_number: str
        band: str | None
        single_occupier: bool
        at: datetime

    @event(AssessedChargesOffered)
    def _offer_assessed(
        self, account_number: str, service_order_number: str, band: str | None, single_occupier: bool, at: datetime
    ) -> None:
        self.requested.pop(account_number, None)
        self.offers[account_number] = AssessedOffer(service_order_number, band, single_occupier, at)


# Deriving the periods ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BasisPeriod:
    """One stretch of an occupancy on one basis, over [valid_from, valid_to) (open while to is None)."""

    basis: Basis
    valid_from: date
    valid_to: date | None
    reversion_deadline: date | None = None
    rateable_value: int | None = None
    assessed_band: str | None = None
    single_occupier: bool = False


def starting_basis(metered_at_start: bool, rateable_value: int | None) -> Basis:
    if metered_at_start:
        return Basis.MEASURED
    return Basis.UNMEASURED_RV if rateable_value is not None else Basis.ASSESSED


def basis_periods(
    occupied_from: date,
    occupied_to: date | None,
    *,
    metered_at_start: bool,
    rateable_value: int | None,
    assessed_band: str | None,
    single_occupier: bool,
    switched_from: date | None = None,
    reversion_deadline: date | None = None,
) -> list[BasisPeriod]:
    """The bases of one occupancy period, in order: its starting basis, then MEASURED from the switch."""
    first = starting_basis(metered_at_start, rateable_value)

    def unmeasured(ends: date | None) -> BasisPeriod:
        if first is Basis.UNMEASURED_RV:
            return BasisPeriod(first, occupied_from, ends, rateable_value=rateable_value)
        return BasisPeriod(first, occupied_from, ends, assessed_band=assessed_band, single_occupier=single_occupier)

    if first is Basis.MEASURED:
        # A new occupier of a metered home is measured from the first day and has no right to revert.
        return [BasisPeriod(Basis.MEASURED, occupied_from, occupied_to)]
    within = switched_from is not None and (occupied_to is None or switched_from < occupied_to)
    if switched_from is None or not within:
        return [unmeasured(occupied_to)]
    measured = BasisPeriod(Basis.MEASURED, max(switched_from, occupied_from), occupied_to, reversion_deadline)
    return [measured] if switched_from <= occupied_from else [unmeasured(switched_from), measured]
