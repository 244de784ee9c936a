"""The ServiceOrder aggregate: a customer's application for a water meter to be fitted at a property.

An order is raised PENDING, moves to IN_PROGRESS when a survey is booked, and is closed as COMPLETED
(a meter was installed at the property), CANCELLED, or NOT_PRACTICABLE (a meter cannot reasonably be
fitted: the customer is then offered assessed charges). Orders are numbered like Kraken's integer ids
and live at a UUID derived from the number, so a number already taken makes the save conflict and the
command's retry draws another.

At most one application per property is open at a time: the property's ChargeBasis holds the claim
(domain/supply/charge_basis.py), so two concurrent applications cannot both be raised.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.shared.catalogue import InputInvalid
from domain.shared.int_ids import new_number, parse_number

_ORDERS = uuid5(NAMESPACE_URL, "https://kraken-es/supply/service-order/")

# The longest access or siting note an installer is given.
MAX_NOTES_LENGTH = 500


def new_service_order_number() -> str:
    return str(new_number())


def parse_service_order_number(text: object) -> str | None:
    number = parse_number(text)
    return None if number is None else str(number)


class ServiceOrderKind(StrEnum):
    METER_APPLICATION = "METER_APPLICATION"


class ServiceOrderStatus(StrEnum):
    PENDING = "PENDING"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"
    NOT_PRACTICABLE = "NOT_PRACTICABLE"


OPEN = frozenset({ServiceOrderStatus.PENDING, ServiceOrderStatus.IN_PROGRESS})


class ServiceOrderClosed(ValueError):
    """The order is closed (completed, cancelled or not practicable): it cannot move any more."""


class ServiceOrder(Aggregate):
    @staticmethod
    def id_for(number: str) -> UUID:
        return uuid5(_ORDERS, number)

    @classmethod
    def raise_order(
        cls,
        number: str,
        kind: ServiceOrderKind,
        property_id: str,
        account_number: str,
        notes: str,
        raised_by: str,
        at: datetime,
    ) -> ServiceOrder:
        notes = notes.strip()
        if len(notes) > MAX_NOTES_LENGTH:
            raise InputInvalid(f"The notes may be at most {MAX_NOTES_LENGTH} characters.")
        return cls._create(
            cls.Raised,
            id=cls.id_for(number),
            number=number,
            kind=kind,
            property_id=property_id,
            account_number=account_number,
            notes=notes,
            raised_by=raised_by,
            raised_at=at,
        )

    class Raised(Aggregate.Created):
        number: str
        kind: ServiceOrderKind
        property_id: str
        account_number: str
        notes: str
        raised_by: str
        raised_at: datetime

    @event(Raised)
    def __init__(
        self,
        number: str,
        kind: ServiceOrderKind,
        property_id: str,
        account_number: str,
        notes: str,
        raised_by: str,
        raised_at: datetime,
    ) -> None:
        self.number, self.kind, self.property_id = number, kind, property_id
        self.account_number, self.notes, self.raised_by, self.raised_at = account_number, notes, raised_by, raised_at
        self.status = ServiceOrderStatus.PENDING
        self.survey_on: date | None = None
        self.closed_at: datetime | None = None
        self.closing_reason = ""
        self.confirmation_sent = False

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def _check_open(self) -> None:
        if not self.is_open:
            raise ServiceOrderClosed(f"Service order {self.number} is {self.status.value}: it cannot change.")

    def book_survey(self, survey_on: date, booked_by: str, at: datetime) -> None:
        """A surveyor will visit on `survey_on` to see where a meter can go; booking again moves the visit."""
        self._check_open()
        self._book_survey(survey_on=survey_on, booked_by=booked_by, at=at)

    class SurveyBooked(Aggregate.Event):
        survey_on: date
        booked_by: str
        at: datetime

    @event(SurveyBooked)
    def _book_survey(self, survey_on: date, booked_by: str, at: datetime) -> None:
        self.status, self.survey_on = ServiceOrderStatus.IN_PROGRESS, survey_on

    def complete(self, meter_installed_on: date, at: datetime) -> None:
        """A meter was installed at the property: the application is fulfilled."""
        self._check_open()
        self._complete(meter_installed_on=meter_installed_on, at=at)

    class Completed(Aggregate.Event):
        meter_installed_on: date
        at: datetime

    @event(Completed)
    def _complete(self, meter_installed_on: date, at: datetime) -> None:
        self.status, self.closed_at = ServiceOrderStatus.COMPLETED, at

    def cancel(self, reason: str, cancelled_by: str, at: datetime) -> None:
        self._check_open()
        self._cancel(reason=reason.strip(), cancelled_by=cancelled_by, at=at)

    class Cancelled(Aggregate.Event):
        reason: str
        cancelled_by: str
        at: datetime

    @event(Cancelled)
    def _cancel(self, reason: str, cancelled_by: str, at: datetime) -> None:
        self.status, self.closed_at, self.closing_reason = ServiceOrderStatus.CANCELLED, at, reason

    def close_not_practicable(self, reason: str, closed_by: str, at: datetime) -> None:
        """The survey found no reasonably practicable place for a meter: the order closes, and the
        customer is offered assessed charges instead (recorded on the property's ChargeBasis)."""
        self._check_open()
        self._close_not_practicable(reason=reason.strip(), closed_by=closed_by, at=at)

    class FoundNotPracticable(Aggregate.Event):
        reason: str
        closed_by: str
        at: datetime

    @event(FoundNotPracticable)
    def _close_not_practicable(self, reason: str, closed_by: str, at: datetime) -> None:
        self.status, self.closed_at, self.closing_reason = ServiceOrderStatus.NOT_PRACTICABLE, at, reason

    def record_confirmation_sent(self, at: datetime) -> None:
        """The applicant's users were emailed that the application was received (once)."""
        if not self.confirmation_sent:
            self._record_confirmation_sent(at=at)

    class ConfirmationSent(Aggregate.Event):
        at: datetime

    @event(ConfirmationSent)
    def _record_confirmation_sent(self, at: datetime) -> None:
        self.confirmation_sent = True
