"""Water meters: the WaterMeter aggregate, the claim a serial number makes while its meter is fitted,
and the list of meters a property has had.

A meter is fitted at one property from its installation day until the day it is removed (exchanged):
[installed_on, removed_on). Its id is Kraken's integer-as-ID string, drawn at random like a property's.
Three aggregates keep the rules that span meters, each saved in the same decision as the meter:
- `SerialClaim` (one per serial number): a serial names one fitted meter at a time, so two installs
  of one serial at once make or move the same claim, and one save conflicts and retries;
- `PropertyMeters` (one per property): the meters fitted there over time, so two installs at one
  property at once conflict the same way, and "does this property have a meter on that day" is one load.
"""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.shared.int_ids import new_number, parse_number

_METERS = uuid5(NAMESPACE_URL, "https://kraken-es/supply/water-meter/")
_SERIALS = uuid5(NAMESPACE_URL, "https://kraken-es/supply/serial-claim/")
_PROPERTY_METERS = uuid5(NAMESPACE_URL, "https://kraken-es/supply/property-meters/")

# A meter's register has 4 to 9 black digits (whole cubic metres); most household meters show 5.
MIN_DIGITS, MAX_DIGITS, DEFAULT_DIGITS = 4, 9, 5
# Where the meter is sited, in an engineer's words.
MAX_LOCATION_LENGTH = 200
# Serial numbers as manufacturers print them: letters, digits and dashes, upper-cased.
_SERIAL = re.compile(r"[A-Z0-9][A-Z0-9-]{2,18}[A-Z0-9]")
# A market supply point id (the water market's SPID is ten digits, "W" and two check characters);
# one given by the market is kept as sent, upper-cased.
_SUPPLY_POINT = re.compile(r"[A-Z0-9]{6,20}")


class MeterCapability(StrEnum):
    """How the meter's consumption reaches us: SMART/AMI and AMR meters send interval data, MANUAL ones
    are read by eye."""

    SMART = "SMART"
    AMI = "AMI"
    AMR = "AMR"
    MANUAL = "MANUAL"

    @property
    def sends_intervals(self) -> bool:
        return self is not MeterCapability.MANUAL


def new_meter_id() -> str:
    return str(new_number())


def parse_meter_id(text: object) -> str | None:
    number = parse_number(text)
    return None if number is None else str(number)


def serial_number(text: str) -> str | None:
    """The serial in its one spelling (trimmed, upper-cased); None if it is not a serial number."""
    spelled = text.strip().upper()
    return spelled if _SERIAL.fullmatch(spelled) else None


def supply_point_id(text: str) -> str | None:
    spelled = text.strip().upper()
    return spelled if _SUPPLY_POINT.fullmatch(spelled) else None


def new_supply_point_id() -> str:
    """A meter point reference in the market's shape, for a meter the market has not named yet."""
    digits = "".join(str(secrets.randbelow(10)) for _ in range(10))
    return f"{digits}W{secrets.randbelow(100):02d}"


def register_limit(number_of_digits: int) -> int:
    """The first value the register cannot show: it rolls over to 0 there."""
    return int(10**number_of_digits)


class WaterMeter(Aggregate):
    """A meter fitted at a property: what it is, where, and from and until when."""

    @staticmethod
    def id_for(meter_id: str) -> UUID:
        return uuid5(_METERS, meter_id)

    @classmethod
    def install(
        cls,
        meter_id: str,
        property_id: str,
        serial_number: str,
        meter_point_reference: str,
        capability_type: MeterCapability,
        number_of_digits: int,
        installed_on: date,
        location: str | None,
        installed_by: str,
        at: datetime,
    ) -> WaterMeter:
        return cls._create(
            cls.Installed,
            id=cls.id_for(meter_id),
            meter_id=meter_id,
            property_id=property_id,
            serial_number=serial_number,
            meter_point_reference=meter_point_reference,
            capability_type=capability_type,
            number_of_digits=number_of_digits,
            installed_on=installed_on,
            location=location,
            installed_by=installed_by,
            at=at,
        )

    class Installed(Aggregate.Created):
        meter_id: str
        property_id: str
        serial_number: str
        meter_point_reference: str
        capability_type: MeterCapability
        number_of_digits: int
        installed_on: date
        location: str | None
        installed_by: str
        at: datetime

    @event(Installed)
    def __init__(
        self,
        meter_id: str,
        property_id: str,
        serial_number: str,
        meter_point_reference: str,
        capability_type: MeterCapability,
        number_of_digits: int,
        installed_on: date,
        location: str | None,
        installed_by: str,
        at: datetime,
    ) -> None:
        self.meter_id = meter_id
        self.property_id = property_id
        self.serial_number = serial_number
        self.meter_point_reference = meter_point_reference
        self.capability_type = capability_type
        self.number_of_digits = number_of_digits
        self.installed_on = installed_on
        self.removed_on: date | None = None
        self.location = location

    def active_on(self, day: date) -> bool:
        return self.installed_on <= day and (self.removed_on is None or day < self.removed_on)

    def fitted_on(self, day: date) -> bool:
        """On the property that day, counting the removal day (its final reading is taken then)."""
        return self.installed_on <= day and (self.removed_on is None or day <= self.removed_on)

    @property
    def removed(self) -> bool:
        return self.removed_on is not None

    def remove(self, removed_on: date, removed_by: str, at: datetime) -> None:
        self._remove(removed_on=removed_on, removed_by=removed_by, at=at)

    class Removed(Aggregate.Event):
        removed_on: date
        removed_by: str
        at: datetime

    @event(Removed)
    def _remove(self, removed_on: date, removed_by: str, at: datetime) -> None:
        self.removed_on = removed_on

    def correct_serial(self, new: str, corrected_by: str, at: datetime) -> None:
        self._correct_serial(old=self.serial_number, new=new, corrected_by=corrected_by, at=at)

    class SerialCorrected(Aggregate.Event):
        old: str
        new: str
        corrected_by: str
        at: datetime

    @event(SerialCorrected)
    def _correct_serial(self, old: str, new: str, corrected_by: str, at: datetime) -> None:
        self.serial_number = new

    def record_location(self, location: str, recorded_by: str, at: datetime) -> None:
        self._record_location(location=location, recorded_by=recorded_by, at=at)

    class LocationRecorded(Aggregate.Event):
        location: str
        recorded_by: str
        at: datetime

    @event(LocationRecorded)
    def _record_location(self, location: str, recorded_by: str, at: datetime) -> None:
        self.location = location

    def correct_installation_date(self, installed_on: date, corrected_by: str, at: datetime) -> None:
        self._correct_installation_date(installed_on=installed_on, corrected_by=corrected_by, at=at)

    class InstallationDateCorrected(Aggregate.Event):
        installed_on: date
        corrected_by: str
        at: datetime

    @event(InstallationDateCorrected)
    def _correct_installation_date(self, installed_on: date, corrected_by: str, at: datetime) -> None:
        self.installed_on = installed_on


class SerialClaim(Aggregate):
    """Lives at an id derived from the serial number: which meter carries it now, and which carried it before."""

    @staticmethod
    def id_for(serial: str) -> UUID:
        return uuid5(_SERIALS, serial)

    @classmethod
    def claim(cls, serial: str, meter_id: str) -> SerialClaim:
        return cls._create(cls.Claimed, id=cls.id_for(serial), serial=serial, meter_id=meter_id)

    class Claimed(Aggregate.Created):
        serial: str
        meter_id: str

    @event(Claimed)
    def __init__(self, serial: str, meter_id: str) -> None:
        self.serial = serial
        self.meter_id: str | None = meter_id
        # Every meter that carried the serial, the latest last.
        self.meter_ids = [meter_id]

    @property
    def latest_meter_id(self) -> str:
        return self.meter_ids[-1]

    def held(self) -> bool:
        return self.meter_id is not None

    def release(self) -> None:
        """Its meter was removed or now carries another serial: the serial may be fitted again."""
        self._release()

    @event("Released")
    def _release(self) -> None:
        self.meter_id = None

    def reclaim(self, meter_id: str) -> None:
        self._reclaim(meter_id=meter_id)

    @event("Reclaimed")
    def _reclaim(self, meter_id: str) -> None:
        self.meter_id = meter_id
        if self.meter_ids[-1] != meter_id:
            self.meter_ids.append(meter_id)


class PropertyMeters(Aggregate):
    """The meters fitted at one property over time, in the order they were fitted."""

    @staticmethod
    def id_for(property_id: str) -> UUID:
        return uuid5(_PROPERTY_METERS, property_id)

    @classmethod
    def start(cls, property_id: str) -> PropertyMeters:
        return cls._create(cls.Started, id=cls.id_for(property_id), property_id=property_id)

    class Started(Aggregate.Created):
        property_id: str

    @event(Started)
    def __init__(self, property_id: str) -> None:
        self.property_id = property_id
        self.meter_ids: list[str] = []

    def attach(self, meter_id: str) -> None:
        self._attach(meter_id=meter_id)

    class Attached(Aggregate.Event):
        meter_id: str

    @event(Attached)
    def _attach(self, meter_id: str) -> None:
        self.meter_ids.append(meter_id)
