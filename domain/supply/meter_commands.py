"""Meter commands: fitting a meter on an unmetered property (installMeter), exchanging it
(exchangeMeter), correcting what was recorded of it (modifyMeter), the readings of its register
(submitMeterReading) and an operator's review of held readings.

Who may act: an organisation or a member of staff on any property; an account user on a property
their account occupies (on the day the meter is fitted or read, or today). A property the actor may
not act on is answered like an unknown one, with the mutation's own code: a client learns nothing
about other people's homes.

Each command decides on the meter, its serial's claim, the property's list of meters and the
meter's readings together, so a meter and its opening (or final) reading are one decision.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.accounts.account_user_profile import CommsPreferences
from domain.accounts.application import Accounts
from domain.accounts.property import Property
from domain.identity.application import Identity
from domain.shared.application import ContextApplication
from domain.supply import commands
from domain.supply.errors import (
    MeterExchangeFailed,
    MeterInstallationFailed,
    MeterModificationFailed,
    MeterReadingAccessDenied,
    MeterReadingHeld,
    MeterReadingInputInvalid,
    MeterValidationFailed,
    WaterMeterNotFound,
)
from domain.supply.meter_readings import (
    MeterReadings,
    Reading,
    ReadingKind,
    ReadingNotReviewable,
    ReadingSource,
    ReadingStatus,
    parse_reading_id,
    reading_id,
)
from domain.supply.water_meter import (
    DEFAULT_DIGITS,
    MAX_DIGITS,
    MAX_LOCATION_LENGTH,
    MIN_DIGITS,
    MeterCapability,
    PropertyMeters,
    SerialClaim,
    WaterMeter,
    new_meter_id,
    new_supply_point_id,
    register_limit,
    serial_number,
    supply_point_id,
)

# KRAKEN_MAX_DAILY_USE_M3's default: a household uses about 0.35 m3 a day; more than 5 m3 a day on
# average since the last accepted reading is a leak, a misread digit or a wrong meter: held for review.
DEFAULT_MAX_DAILY_USE_M3 = 5.0


@dataclass(frozen=True, slots=True)
class ReadingConfirmation:
    """What the meter-reading worker tells the customer who submitted a reading, and where."""

    readings_id: UUID
    ordinal: int
    reading_id: str
    serial_number: str
    value: int
    read_on: date
    status: ReadingStatus
    email: str


@dataclass(frozen=True, slots=True)
class RecordedReading:
    """A reading as a command answers it: which meter, which reading, and its state."""

    id: str
    meter_id: str
    serial_number: str
    value: int
    read_on: date
    source: ReadingSource
    status: ReadingStatus


def _user_of(actor: str) -> UUID | None:
    """The user an actor ("user:<id>") is, when it is a signed-in user acting for themselves."""
    kind, _, user = actor.partition(":")
    try:
        return UUID(user) if kind == "user" else None
    except ValueError:
        return None


def _answer(meter: WaterMeter, readings: MeterReadings, reading: Reading) -> RecordedReading:
    return RecordedReading(
        id=reading_id(meter.meter_id, reading.ordinal),
        meter_id=meter.meter_id,
        serial_number=meter.serial_number,
        value=reading.value,
        read_on=reading.read_on,
        source=reading.source,
        status=reading.status,
    )


def _known_since(home: Property) -> date:
    """Since when the property is known: its registration, or an occupancy recorded from before it."""
    return min([home.registered_at.date(), *(period.effective_from for period in home.periods)])


@dataclass(frozen=True, slots=True)
class _NewMeter:
    serial: str
    digits: int
    capability: MeterCapability
    supply_point: str
    location: str | None


class MeterCommands(ContextApplication):
    accounts: Accounts
    identity: Identity
    max_daily_use_m3: float = DEFAULT_MAX_DAILY_USE_M3

    def meter_installed_effects(self, property_id: str, installed_on: date, at: datetime) -> list[Aggregate]:
        """What else changes when a meter is fitted on an unmetered property, saved in the same decision
        (a mixin before this one in the application's bases adds to it)."""
        return []

    # Mutations -----------------------------------------------------------------------------------

    def install_meter(self, command: commands.InstallMeter) -> WaterMeter:
        fitted = self._new_meter(
            command.serial_number,
            command.number_of_digits,
            command.capability_type,
            command.meter_point_reference,
            command.location,
            command.initial_reading,
        )
        today = self.clock.now().date()

        def decide() -> tuple[WaterMeter, list[Any]]:
            at = self.clock.now()
            home = self._property(command.property_id, command.acting_for, command.installation_date)
            if home is None:
                raise MeterInstallationFailed(f"There is no property {command.property_id} to fit a meter at.")
            day = command.installation_date
            if day > today:
                raise MeterInstallationFailed("A meter cannot be installed on a day still to come.")
            if day < _known_since(home):
                raise MeterInstallationFailed(
                    f"Property {home.property_id} is known from {_known_since(home).isoformat()}: "
                    "a meter cannot be installed there before then."
                )
            listed = self._property_meters(home.property_id)
            if any(m.removed_on is None or m.removed_on > day for m in self._meters(listed)):
                raise MeterInstallationFailed(f"Property {home.property_id} already has a meter: it is not unmetered.")
            meter, changed = self._fit(home.property_id, listed, fitted, day, command.installed_by, at)
            readings = MeterReadings.open(meter.meter_id, meter.number_of_digits)
            readings.record(
                command.initial_reading, day, ReadingSource.OPS, ReadingKind.OPENING, command.installed_by, at
            )
            effects = self.meter_installed_effects(home.property_id, day, at)
            return meter, [*changed, readings, *effects]

        return self.decide(decide)

    def exchange_meter(self, command: commands.ExchangeMeter) -> WaterMeter:
        new = self._new_meter(
            command.new_serial_number,
            command.number_of_digits,
            command.capability_type,
            command.meter_point_reference,
            command.location,
            command.initial_reading,
        )
        today = self.clock.now().date()

        def decide() -> tuple[WaterMeter, list[Any]]:
            at = self.clock.now()
            day = command.exchange_date
            home = self._property(command.property_id, command.acting_for, day)
            old = self._meter_at(home, command.old_serial_number)
            if home is None or old is None or old.removed:
                raise MeterExchangeFailed(
                    f"No meter {command.old_serial_number} is fitted at property {command.property_id}."
                )
            if day <= old.installed_on or day > today:
                raise MeterExchangeFailed(
                    f"Meter {old.serial_number} was installed on {old.installed_on.isoformat()}: it can be exchanged "
                    "after that day and up to today."
                )
            # The new meter serves the old one's supply point, sited in its place, unless told otherwise.
            fitted = replace(
                new,
                supply_point=new.supply_point if command.meter_point_reference else old.meter_point_reference,
                location=new.location if command.location else old.location,
            )
            if fitted.serial == old.serial_number:
                raise MeterValidationFailed(f"The new meter cannot carry the old meter's serial {old.serial_number}.")
            old_readings = self._readings(old)
            last = old_readings.last_accepted(day)
            final = command.final_reading
            if final < 0 or final >= register_limit(old.number_of_digits):
                raise MeterValidationFailed(
                    f"Meter {old.serial_number} shows {old.number_of_digits} digits: the final reading does not fit."
                )
            if last is not None and final < last.value and old_readings.doubt(final, day, self.max_daily_use_m3):
                raise MeterValidationFailed(
                    f"The final reading {final} is below meter {old.serial_number}'s last accepted reading "
                    f"{last.value}, and is not a rollover."
                )
            old_readings.record(final, day, ReadingSource.OPS, ReadingKind.METER_EXCHANGE, command.exchanged_by, at)
            old.remove(day, command.exchanged_by, at)
            old_claim: SerialClaim = self.load(SerialClaim.id_for(old.serial_number))
            if old_claim.meter_id == old.meter_id:
                old_claim.release()
            listed = self._property_meters(home.property_id)
            meter, changed = self._fit(home.property_id, listed, fitted, day, command.exchanged_by, at)
            readings = MeterReadings.open(meter.meter_id, meter.number_of_digits)
            readings.record(
                command.initial_reading, day, ReadingSource.OPS, ReadingKind.METER_EXCHANGE, command.exchanged_by, at
            )
            return meter, [old, old_readings, old_claim, *changed, readings]

        return self.decide(decide)

    def modify_meter(self, command: commands.ModifyMeter) -> WaterMeter:
        new_serial = None
        if command.new_serial_number is not None:
            new_serial = serial_number(command.new_serial_number)
            if new_serial is None:
                raise MeterValidationFailed(f"'{command.new_serial_number}' is not a meter serial number.")
        location = self._location(command.location)

        def decide() -> tuple[WaterMeter, list[Any]]:
            at = self.clock.now()
            home = self._property(command.property_id, command.acting_for, None)
            meter = self._meter_at(home, command.serial_number)
            if home is None or meter is None:
                raise WaterMeterNotFound(
                    f"No meter {command.serial_number} is fitted at property {command.property_id}."
                )
            if meter.removed:
                raise MeterModificationFailed(f"Meter {meter.serial_number} was removed: its record is closed.")
            changed: list[Any] = [meter]
            if new_serial is not None and new_serial != meter.serial_number:
                claim: SerialClaim | None = self.find(SerialClaim.id_for(new_serial))
                if claim is not None and claim.held():
                    raise MeterValidationFailed(f"Serial number {new_serial} is already fitted on another meter.")
                old_claim: SerialClaim = self.load(SerialClaim.id_for(meter.serial_number))
                old_claim.release()
                if claim is None:
                    claim = SerialClaim.claim(new_serial, meter.meter_id)
                else:
                    claim.reclaim(meter.meter_id)
                meter.correct_serial(new_serial, command.modified_by, at)
                changed += [old_claim, claim]
            if command.installation_date is not None and command.installation_date != meter.installed_on:
                self._check_installation_date(home, meter, command.installation_date)
                meter.correct_installation_date(command.installation_date, command.modified_by, at)
            if location is not None and location != meter.location:
                meter.record_location(location, command.modified_by, at)
            return meter, changed

        return self.decide(decide)

    def submit_meter_reading(self, command: commands.SubmitMeterReading) -> RecordedReading:
        """The reading, accepted; a repeat of a recorded reading answers that one and records nothing.

        An implausible reading is recorded as held and committed, and only then is KT-CT-6422 raised:
        the customer is told it will be reviewed, and the reading is there for the reviewer.
        """
        today = self.clock.now().date()
        serial = serial_number(command.serial_number)
        meter = self.meter_by_serial(serial) if serial is not None else None
        if meter is None:
            raise MeterReadingInputInvalid(f"No meter has the serial number {command.serial_number}.")
        home = self.accounts.property(meter.property_id)
        if home is None or home.occupier_on(command.read_on) != command.account_number:
            raise MeterReadingAccessDenied(
                f"Meter {meter.serial_number} is not on account {command.account_number} on "
                f"{command.read_on.isoformat()}."
            )
        if command.read_on > today:
            raise MeterReadingInputInvalid("A meter cannot be read on a day still to come.")
        if not meter.active_on(command.read_on):
            raise MeterReadingInputInvalid(
                f"Meter {meter.serial_number} is not fitted on {command.read_on.isoformat()}: it was installed on "
                f"{meter.installed_on.isoformat()}"
                + (f" and removed on {meter.removed_on.isoformat()}." if meter.removed_on else ".")
            )
        if command.value < 0 or command.value >= register_limit(meter.number_of_digits):
            raise MeterReadingInputInvalid(
                f"Meter {meter.serial_number} shows {meter.number_of_digits} digits: {command.value} does not fit."
            )

        def decide() -> tuple[RecordedReading, list[Any]]:
            at = self.clock.now()
            current: WaterMeter = self.load(WaterMeter.id_for(meter.meter_id))
            readings = self._readings(current)
            repeated = readings.same_as(command.value, command.read_on)
            if repeated is not None:
                return _answer(current, readings, repeated), []
            hold = readings.doubt(command.value, command.read_on, self.max_daily_use_m3)
            reading = readings.record(
                command.value, command.read_on, command.source, ReadingKind.ROUTINE, command.submitted_by, at, hold
            )
            return _answer(current, readings, reading), [readings]

        recorded = self.decide(decide)
        if recorded.status is ReadingStatus.HELD:
            raise MeterReadingHeld(f"Reading {recorded.id} is held for review: it is not plausible after the last one.")
        return recorded

    # An operator's review of readings --------------------------------------------------------------

    def release_reading(self, command: commands.ReviewReading) -> RecordedReading:
        """A held reading is released: it counts, and becomes the last accepted one if it is the latest."""
        return self._review(command, MeterReadings.release)

    def reject_reading(self, command: commands.ReviewReading) -> RecordedReading:
        return self._review(command, MeterReadings.reject)

    def quarantine_reading(self, command: commands.ReviewReading) -> RecordedReading:
        return self._review(command, MeterReadings.quarantine)

    def _review(self, command: commands.ReviewReading, act: Any) -> RecordedReading:
        parsed = parse_reading_id(command.reading_id)
        if parsed is None:
            raise ReadingNotReviewable(f"'{command.reading_id}' is not a reading id.")
        meter_id, ordinal = parsed

        def decide() -> tuple[RecordedReading, list[Any]]:
            meter: WaterMeter | None = self.find(WaterMeter.id_for(meter_id))
            if meter is None:
                raise ReadingNotReviewable(f"No meter has the id {meter_id}.")
            readings = self._readings(meter)
            reading = act(readings, ordinal, command.by, self.clock.now())
            return _answer(meter, readings, reading), [readings]

        return self.decide(decide)

    # The submitter's confirmation (the meter-reading worker) ----------------------------------------

    def reading_confirmation(self, readings_id: UUID, ordinal: int) -> ReadingConfirmation | None:
        """What to tell the customer who submitted the reading, if they are to be told: None for a
        reading no customer submitted themselves, one they asked not to hear about (their
        isOptedInMeterReadingConfirmations), or one already confirmed (a redelivered message sends nothing)."""
        readings: MeterReadings | None = self.find(readings_id)
        reading = readings.reading(ordinal) if readings is not None else None
        if readings is None or reading is None or ordinal in readings.confirmed:
            return None
        user_id = _user_of(reading.submitted_by)
        if user_id is None or reading.source is not ReadingSource.CUSTOMER or reading.kind is not ReadingKind.ROUTINE:
            return None
        meter = self.meter(readings.meter_id)
        if meter is None:
            return None
        profile = self.accounts.profile(user_id)
        preferences = profile.comms if profile is not None else CommsPreferences()
        email = self.identity.load(user_id).email
        if not preferences.is_opted_in_meter_reading_confirmations or not email:
            return None
        return ReadingConfirmation(
            readings_id=readings_id,
            ordinal=ordinal,
            reading_id=readings.id_of(reading),
            serial_number=meter.serial_number,
            value=reading.value,
            read_on=reading.read_on,
            status=reading.status,
            email=email,
        )

    def record_reading_confirmation_sent(self, readings_id: UUID, ordinal: int, recipients: tuple[str, ...]) -> bool:
        def decide() -> tuple[bool, list[Any]]:
            readings: MeterReadings = self.load(readings_id)
            recorded = readings.record_confirmation_sent(ordinal, recipients, at=self.clock.now())
            return recorded, [readings] if recorded else []

        return self.decide(decide)

    # Lookups ---------------------------------------------------------------------------------------

    def meter(self, meter_id: str) -> WaterMeter | None:
        found: WaterMeter | None = self.find(WaterMeter.id_for(meter_id))
        return found

    def meter_by_serial(self, serial: str) -> WaterMeter | None:
        """The meter that carries the serial number now, or else the last one that carried it."""
        spelled = serial_number(serial)
        claim: SerialClaim | None = self.find(SerialClaim.id_for(spelled)) if spelled is not None else None
        if claim is None:
            return None
        return self.meter(claim.meter_id or claim.latest_meter_id)

    def active_meters(self, property_id: str, on: date) -> list[WaterMeter]:
        """The meters fitted at the property on that day (one, or none: a property has one meter at a time)."""
        listed: PropertyMeters | None = self.find(PropertyMeters.id_for(property_id))
        return [m for m in self._meters(listed) if m.active_on(on)] if listed is not None else []

    def meter_readings(self, meter_id: str) -> MeterReadings | None:
        found: MeterReadings | None = self.find(MeterReadings.id_for(meter_id))
        return found

    # Helpers ---------------------------------------------------------------------------------------

    def _new_meter(
        self,
        serial: str,
        digits: int | None,
        capability: MeterCapability | None,
        supply_point: str | None,
        location: str | None,
        opening: int,
    ) -> _NewMeter:
        spelled = serial_number(serial)
        if spelled is None:
            raise MeterValidationFailed(
                f"'{serial}' is not a meter serial number: 4 to 20 letters, digits or dashes, starting and ending "
                "with a letter or digit."
            )
        digits = DEFAULT_DIGITS if digits is None else digits
        if not MIN_DIGITS <= digits <= MAX_DIGITS:
            raise MeterValidationFailed(f"A meter shows {MIN_DIGITS} to {MAX_DIGITS} black digits.")
        if opening < 0 or opening >= register_limit(digits):
            raise MeterValidationFailed(f"The opening reading {opening} does not fit a register of {digits} digits.")
        reference = new_supply_point_id() if supply_point is None else supply_point_id(supply_point)
        if reference is None:
            raise MeterValidationFailed(f"'{supply_point}' is not a meter point reference: 6 to 20 letters or digits.")
        return _NewMeter(spelled, digits, capability or MeterCapability.MANUAL, reference, self._location(location))

    @staticmethod
    def _location(location: str | None) -> str | None:
        if location is None or not location.strip():
            return None
        if len(location.strip()) > MAX_LOCATION_LENGTH:
            raise MeterValidationFailed(f"A meter's location is at most {MAX_LOCATION_LENGTH} characters.")
        return location.strip()

    def _fit(
        self,
        property_id: str,
        listed: PropertyMeters,
        fitted: _NewMeter,
        day: date,
        by: str,
        at: datetime,
    ) -> tuple[WaterMeter, list[Any]]:
        """A new meter at the property, its serial claimed: KT-GB-11001 if another fitted meter carries it."""
        claim: SerialClaim | None = self.find(SerialClaim.id_for(fitted.serial))
        if claim is not None and claim.held():
            raise MeterValidationFailed(f"Serial number {fitted.serial} is fitted at another property.")
        # A meter id already taken makes the save conflict, and the retry draws another one.
        meter = WaterMeter.install(
            new_meter_id(),
            property_id,
            fitted.serial,
            fitted.supply_point,
            fitted.capability,
            fitted.digits,
            day,
            fitted.location,
            by,
            at,
        )
        if claim is None:
            claim = SerialClaim.claim(fitted.serial, meter.meter_id)
        else:
            claim.reclaim(meter.meter_id)
        listed.attach(meter.meter_id)
        return meter, [meter, claim, listed]

    def _property(self, property_id: str, acting_for: frozenset[str] | None, day: date | None) -> Property | None:
        """The property, if the actor may act on it (a user: if their account occupies it that day or today)."""
        home: Property | None = self.accounts.property(property_id)
        if home is None or acting_for is None:
            return home
        days = {self.clock.now().date(), *([day] if day is not None else [])}
        return home if any(home.occupier_on(d) in acting_for for d in days) else None

    def _property_meters(self, property_id: str) -> PropertyMeters:
        found: PropertyMeters | None = self.find(PropertyMeters.id_for(property_id))
        return found if found is not None else PropertyMeters.start(property_id)

    def _meters(self, listed: PropertyMeters | None) -> list[WaterMeter]:
        return [self.load(WaterMeter.id_for(meter_id)) for meter_id in listed.meter_ids] if listed is not None else []

    def _meter_at(self, home: Property | None, serial: str) -> WaterMeter | None:
        """The meter carrying the serial at the property (the one fitted last, if the serial came back)."""
        spelled = serial_number(serial)
        if home is None or spelled is None:
            return None
        listed: PropertyMeters | None = self.find(PropertyMeters.id_for(home.property_id))
        return next((m for m in reversed(self._meters(listed)) if m.serial_number == spelled), None)

    def _readings(self, meter: WaterMeter) -> MeterReadings:
        found: MeterReadings | None = self.find(MeterReadings.id_for(meter.meter_id))
        return found if found is not None else MeterReadings.open(meter.meter_id, meter.number_of_digits)

    def _check_installation_date(self, home: Property, meter: WaterMeter, day: date) -> None:
        readings = self._readings(meter)
        first = min((r.read_on for r in readings.readings if r.kind is not ReadingKind.OPENING), default=None)
        if first is not None and day > first:
            raise MeterModificationFailed(
                f"Meter {meter.serial_number} was first read on {first.isoformat()}: it was installed by then."
            )
        if day > self.clock.now().date() or day < _known_since(home):
            raise MeterModificationFailed(
                "A meter's installation date is between the property's registration and today."
            )
        listed: PropertyMeters | None = self.find(PropertyMeters.id_for(home.property_id))
        earlier = [m for m in self._meters(listed) if m.meter_id != meter.meter_id and m.removed_on is not None]
        if any(m.removed_on is not None and m.removed_on > day for m in earlier):
            raise MeterModificationFailed("The meter would overlap the meter it replaced.")
