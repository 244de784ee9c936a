"""The LifecycleProcess aggregate: a customer's process of joining the supplier, occupying a property
or leaving one, from its start to its completion or cancellation.

A process is known by its number, a string (Kraken's lifecycle processes are `ID`s), drawn at random
like other integer ids: it lives at a UUID derived from the number, so a number already taken makes
the save conflict and the command's retry draws another.

Statuses are those of Kraken's `LeaveSupplierProcessStatus` that apply here: PENDING (waiting for the
customer or for its date), IN_PROGRESS (the customer did their part and the market steps run),
COMPLETED, CANCELLED and FAILED. A JOIN_SUPPLIER process completes once the terms are accepted; an
OCCUPY_PROPERTY or LEAVE_PROPERTY process completes on its effective date.

A ProcessKey is saved with the process it starts: the same start asked for twice (a retried request,
the same sign-up submitted twice) names the same key, so it answers the process already started.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.shared.int_ids import new_number, parse_number
from domain.supply.errors import EnrollmentNotCancellable, JoinSupplierProcessAccessDenied

_PROCESSES = uuid5(NAMESPACE_URL, "https://kraken-es/supply/lifecycle-process/")
_KEYS = uuid5(NAMESPACE_URL, "https://kraken-es/supply/lifecycle-process-key/")

# The longest reason a cancellation keeps, and the longest idempotency key a start accepts.
MAX_REASON_LENGTH, MAX_KEY_LENGTH = 500, 200


class ProcessKind(StrEnum):
    JOIN_SUPPLIER = "JOIN_SUPPLIER"
    OCCUPY_PROPERTY = "OCCUPY_PROPERTY"
    LEAVE_PROPERTY = "LEAVE_PROPERTY"


class ProcessStatus(StrEnum):
    """The values of Kraken's LeaveSupplierProcessStatus that these processes go through."""

    PENDING = "PENDING"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"
    FAILED = "FAILED"


# A process in one of these states has finished: nothing moves it any more.
FINISHED = frozenset({ProcessStatus.COMPLETED, ProcessStatus.CANCELLED, ProcessStatus.FAILED})


def new_process_number() -> str:
    return str(new_number())


def parse_process_number(text: object) -> str | None:
    """A process number as a client sent it, in its one spelling; None if it cannot name a process."""
    number = parse_number(text)
    return None if number is None else str(number)


class LifecycleProcess(Aggregate):
    """One account's process of joining the supplier, or of occupying or leaving one property."""

    @staticmethod
    def id_for(number: str) -> UUID:
        return uuid5(_PROCESSES, number)

    @classmethod
    def start(
        cls,
        kind: ProcessKind,
        number: str,
        account_number: str,
        property_id: str | None,
        effective_on: date | None,
        at: datetime,
    ) -> LifecycleProcess:
        return cls._create(
            cls.Started,
            id=cls.id_for(number),
            kind=kind,
            number=number,
            account_number=account_number,
            property_id=property_id,
            effective_on=effective_on,
            started_at=at,
        )

    class Started(Aggregate.Created):
        kind: ProcessKind
        number: str
        account_number: str
        property_id: str | None
        effective_on: date | None
        started_at: datetime

    @event(Started)
    def __init__(
        self,
        kind: ProcessKind,
        number: str,
        account_number: str,
        property_id: str | None,
        effective_on: date | None,
        started_at: datetime,
    ) -> None:
        self.kind, self.number, self.account_number = kind, number, account_number
        self.property_id, self.effective_on, self.started_at = property_id, effective_on, started_at
        self.status = ProcessStatus.PENDING
        self.terms_version: str | None = None
        self.terms_accepted_at: datetime | None = None
        self.finished_at: datetime | None = None
        self.cancellation_reason: str | None = None

    @property
    def is_active(self) -> bool:
        return self.status not in FINISHED

    # Join supplier: the customer accepts the terms ----------------------------------------------

    def accept_terms(self, terms_version: str, accepted_by: str, at: datetime) -> bool:
        """The customer accepts the terms; the process completes. False (and nothing recorded) when
        they were accepted already; a process that can no longer move on is refused."""
        if self.kind is not ProcessKind.JOIN_SUPPLIER:
            raise JoinSupplierProcessAccessDenied(f"Process {self.number} is not a join supplier process.")
        if self.terms_accepted_at is not None:
            return False
        if not self.is_active:
            # One answer for every process the customer cannot move on, as for one of another account.
            raise JoinSupplierProcessAccessDenied(f"Process {self.number} is {self.status.value.lower()}.")
        self._accept_terms(terms_version=terms_version, accepted_by=accepted_by, at=at)
        self._complete(at=at)
        return True

    class TermsAccepted(Aggregate.Event):
        terms_version: str
        accepted_by: str
        at: datetime

    @event(TermsAccepted)
    def _accept_terms(self, terms_version: str, accepted_by: str, at: datetime) -> None:
        self.terms_version, self.terms_accepted_at = terms_version, at
        self.status = ProcessStatus.IN_PROGRESS

    # Occupy / leave property: the date comes ----------------------------------------------------

    def is_due(self, today: date) -> bool:
        """A dated process whose day has come and that has not finished."""
        return (
            self.is_active
            and self.kind is not ProcessKind.JOIN_SUPPLIER
            and self.effective_on is not None
            and self.effective_on <= today
        )

    def complete_when_due(self, today: date, at: datetime) -> bool:
        """Completes a dated process whose day has come; False (nothing recorded) otherwise."""
        if not self.is_due(today):
            return False
        self._complete(at=at)
        return True

    class Completed(Aggregate.Event):
        at: datetime

    @event(Completed)
    def _complete(self, at: datetime) -> None:
        self.status, self.finished_at = ProcessStatus.COMPLETED, at

    # Cancelling and failing ---------------------------------------------------------------------

    def cancel(self, reason: str, cancelled_by: str, at: datetime) -> None:
        """The process stops before it completes (the application decides which kinds may be cancelled)."""
        if not self.is_active:
            raise EnrollmentNotCancellable(
                f"Process {self.number} is {self.status.value.lower()}: it is not in a cancellable state."
            )
        self._cancel(reason=reason[:MAX_REASON_LENGTH], cancelled_by=cancelled_by, at=at)

    class Cancelled(Aggregate.Event):
        reason: str
        cancelled_by: str
        at: datetime

    @event(Cancelled)
    def _cancel(self, reason: str, cancelled_by: str, at: datetime) -> None:
        self.status, self.finished_at, self.cancellation_reason = ProcessStatus.CANCELLED, at, reason

    def fail(self, reason: str, at: datetime) -> None:
        """A step of the process could not be carried out (e.g. its occupancy was refused)."""
        if self.is_active:
            self._fail(reason=reason[:MAX_REASON_LENGTH], at=at)

    class Failed(Aggregate.Event):
        reason: str
        at: datetime

    @event(Failed)
    def _fail(self, reason: str, at: datetime) -> None:
        self.status, self.finished_at = ProcessStatus.FAILED, at


class ProcessKey(Aggregate):
    """The idempotency key of a process's start: saved with the process, it names the one it started."""

    @staticmethod
    def id_for(key: str) -> UUID:
        return uuid5(_KEYS, key)

    @classmethod
    def claim(cls, key: str, number: str) -> ProcessKey:
        return cls._create(cls.Claimed, id=cls.id_for(key), key=key, number=number)

    class Claimed(Aggregate.Created):
        key: str
        number: str

    @event(Claimed)
    def __init__(self, key: str, number: str) -> None:
        self.key, self.number = key, number
