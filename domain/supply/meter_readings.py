"""The MeterReadings aggregate: every reading of one meter's register, and whether it counts.

A reading is the register's black digits, whole cubic metres, on a day. The register is cumulative
and rolls over to 0 past 10^digits - 1, so a reading lower than the last accepted one is only
plausible as a rollover. A reading that fails the checks is still recorded, as held: an operator
releases it (it then counts) or rejects it. An operator may also quarantine any reading they suspect.
Readings are known by the meter id and their ordinal, e.g. "1234567-3", which never changes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.shared.personal_data import personal
from domain.supply.water_meter import parse_meter_id, register_limit

_READINGS = uuid5(NAMESPACE_URL, "https://kraken-es/supply/meter-readings/")


class ReadingSource(StrEnum):
    """Who provided the reading (Kraken's ManualMeterReadingSource and MeterReadingEventType groups)."""

    CUSTOMER = "CUSTOMER"
    CLIENT = "CLIENT"
    OPS = "OPS"
    SMART_METER = "SMART_METER"
    ESTIMATE = "ESTIMATE"
    METER_EXCHANGE = "METER_EXCHANGE"


class ReadingKind(StrEnum):
    """Why the reading was taken: an ordinary read, or one that opens or closes a meter's register."""

    ROUTINE = "ROUTINE"
    OPENING = "OPENING"
    METER_EXCHANGE = "METER_EXCHANGE"


class ReadingStatus(StrEnum):
    ACCEPTED = "ACCEPTED"
    HELD = "HELD"
    REJECTED = "REJECTED"
    QUARANTINED = "QUARANTINED"


class HoldReason(StrEnum):
    LOWER_THAN_LAST = "LOWER_THAN_LAST"
    HIGH_DAILY_USE = "HIGH_DAILY_USE"


class ReadingNotReviewable(ValueError):
    """The reading named is not there, or not in a state the operator's review applies to."""


def reading_id(meter_id: str, ordinal: int) -> str:
    return f"{meter_id}-{ordinal}"


def parse_reading_id(text: str) -> tuple[str, int] | None:
    meter, _, ordinal = text.strip().rpartition("-")
    parsed = parse_meter_id(meter)
    if parsed is None or not ordinal.isdigit() or len(ordinal) > 9:
        return None
    return parsed, int(ordinal)


@dataclass(frozen=True, slots=True)
class Reading:
    ordinal: int
    value: int
    read_on: date
    source: ReadingSource
    kind: ReadingKind
    status: ReadingStatus
    submitted_by: str
    at: datetime
    reason: HoldReason | None = None


class MeterReadings(Aggregate):
    """One meter's readings, in the order they were recorded."""

    @staticmethod
    def id_for(meter_id: str) -> UUID:
        return uuid5(_READINGS, meter_id)

    @classmethod
    def open(cls, meter_id: str, number_of_digits: int) -> MeterReadings:
        return cls._create(cls.Opened, id=cls.id_for(meter_id), meter_id=meter_id, number_of_digits=number_of_digits)

    class Opened(Aggregate.Created):
        meter_id: str
        number_of_digits: int

    @event(Opened)
    def __init__(self, meter_id: str, number_of_digits: int) -> None:
        self.meter_id = meter_id
        self.number_of_digits = number_of_digits
        self.readings: list[Reading] = []
        # The ordinals of the readings whose submitter was sent a confirmation.
        self.confirmed: set[int] = set()

    def id_of(self, reading: Reading) -> str:
        return reading_id(self.meter_id, reading.ordinal)

    def reading(self, ordinal: int) -> Reading | None:
        return self.readings[ordinal - 1] if 1 <= ordinal <= len(self.readings) else None

    def last_accepted(self, on_or_before: date | None = None) -> Reading | None:
        """The latest accepted reading (by day, then by when it was recorded), up to a day if given."""
        accepted = [
            r
            for r in self.readings
            if r.status is ReadingStatus.ACCEPTED and (on_or_before is None or r.read_on <= on_or_before)
        ]
        return max(accepted, key=lambda r: (r.read_on, r.ordinal), default=None)

    def same_as(self, value: int, read_on: date) -> Reading | None:
        """A reading of this value on this day already recorded (and not rejected): a repeat of it."""
        return next(
            (
                r
                for r in self.readings
                if r.value == value and r.read_on == read_on and r.status is not ReadingStatus.REJECTED
            ),
            None,
        )

    def doubt(self, value: int, read_on: date, max_daily_use: float) -> HoldReason | None:
        """Why the reading is implausible after the last accepted one, or None if it is plausible.

        A lower reading is a rollover only if the use it implies (through 10^digits) is itself plausible.
        """
        last = self.last_accepted(read_on)
        if last is None:
            return None
        days = max((read_on - last.read_on).days, 1)
        if value >= last.value:
            return HoldReason.HIGH_DAILY_USE if (value - last.value) / days > max_daily_use else None
        rolled = value + register_limit(self.number_of_digits) - last.value
        return HoldReason.LOWER_THAN_LAST if rolled / days > max_daily_use else None

    # Recording -----------------------------------------------------------------------------------

    def record(
        self,
        value: int,
        read_on: date,
        source: ReadingSource,
        kind: ReadingKind,
        submitted_by: str,
        at: datetime,
        hold: HoldReason | None = None,
    ) -> Reading:
        ordinal = len(self.readings) + 1
        self._submit(
            ordinal=ordinal, value=value, read_on=read_on, source=source, kind=kind, submitted_by=submitted_by, at=at
        )
        if hold is None:
            self._accept(ordinal=ordinal)
        else:
            self._hold(ordinal=ordinal, reason=hold)
        return self.readings[ordinal - 1]

    class Submitted(Aggregate.Event):
        ordinal: int
        value: int
        read_on: date
        source: ReadingSource
        kind: ReadingKind
        submitted_by: str
        at: datetime

    @event(Submitted)
    def _submit(
        self,
        ordinal: int,
        value: int,
        read_on: date,
        source: ReadingSource,
        kind: ReadingKind,
        submitted_by: str,
        at: datetime,
    ) -> None:
        # Neither accepted nor held until the event that follows in the same decision says which.
        self.readings.append(Reading(ordinal, value, read_on, source, kind, ReadingStatus.HELD, submitted_by, at))

    class Accepted(Aggregate.Event):
        ordinal: int

    @event(Accepted)
    def _accept(self, ordinal: int) -> None:
        self._set(ordinal, ReadingStatus.ACCEPTED)

    class Held(Aggregate.Event):
        ordinal: int
        reason: HoldReason

    @event(Held)
    def _hold(self, ordinal: int, reason: HoldReason) -> None:
        self._set(ordinal, ReadingStatus.HELD, reason)

    # An operator's review ------------------------------------------------------------------------

    def release(self, ordinal: int, by: str, at: datetime) -> Reading:
        self._reviewable(ordinal, ReadingStatus.HELD)
        self._release(ordinal=ordinal, by=by, at=at)
        return self.readings[ordinal - 1]

    class HeldReadingReleased(Aggregate.Event):
        ordinal: int
        by: str
        at: datetime

    @event(HeldReadingReleased)
    def _release(self, ordinal: int, by: str, at: datetime) -> None:
        self._set(ordinal, ReadingStatus.ACCEPTED)

    def reject(self, ordinal: int, by: str, at: datetime) -> Reading:
        self._reviewable(ordinal, ReadingStatus.HELD)
        self._reject(ordinal=ordinal, by=by, at=at)
        return self.readings[ordinal - 1]

    class HeldReadingRejected(Aggregate.Event):
        ordinal: int
        by: str
        at: datetime

    @event(HeldReadingRejected)
    def _reject(self, ordinal: int, by: str, at: datetime) -> None:
        self._set(ordinal, ReadingStatus.REJECTED)

    def quarantine(self, ordinal: int, by: str, at: datetime) -> Reading:
        self._reviewable(ordinal, ReadingStatus.ACCEPTED, ReadingStatus.HELD)
        self._quarantine(ordinal=ordinal, by=by, at=at)
        return self.readings[ordinal - 1]

    class ReadingQuarantined(Aggregate.Event):
        ordinal: int
        by: str
        at: datetime

    @event(ReadingQuarantined)
    def _quarantine(self, ordinal: int, by: str, at: datetime) -> None:
        self._set(ordinal, ReadingStatus.QUARANTINED)

    # The submitter's confirmation ------------------------------------------------------------------

    def record_confirmation_sent(self, ordinal: int, recipients: tuple[str, ...], at: datetime) -> bool:
        """The reading's confirmation went out; False (nothing recorded) if it had already."""
        if ordinal in self.confirmed:
            return False
        reading = self.reading(ordinal)
        submitted_by = reading.submitted_by if reading is not None else ""
        self._confirmation_sent(ordinal=ordinal, recipients=recipients, at=at, submitted_by=submitted_by)
        return True

    class ConfirmationSent(Aggregate.Event):
        ordinal: int
        # The submitter's own address (a confirmation goes to them alone): sealed under their key.
        recipients: tuple[str, ...]
        at: datetime
        # Who submitted the reading ("user:<id>"); "" in events recorded before it was kept (unsealed).
        submitted_by: str = ""

    @event(ConfirmationSent)
    def _confirmation_sent(self, ordinal: int, recipients: tuple[str, ...], at: datetime, submitted_by: str) -> None:
        self.confirmed.add(ordinal)

    def _reviewable(self, ordinal: int, *statuses: ReadingStatus) -> None:
        found = self.reading(ordinal)
        if found is None:
            raise ReadingNotReviewable(f"Meter {self.meter_id} has no reading {ordinal}.")
        if found.status not in statuses:
            raise ReadingNotReviewable(
                f"Reading {self.id_of(found)} is {found.status.value.lower()}: "
                f"only a {' or '.join(s.value.lower() for s in statuses)} reading can be reviewed so."
            )

    def _set(self, ordinal: int, status: ReadingStatus, reason: HoldReason | None = None) -> None:
        index = ordinal - 1
        self.readings[index] = replace(self.readings[index], status=status, reason=reason)


# A confirmation goes to the submitter's own address: sealed under their key (README, "Erasure").
personal(MeterReadings.ConfirmationSent, "recipients", subject="submitted_by")
