"""A ledger's payment schedules: fixed amounts on a payment day, and balance-triggered top-ups.

All of a ledger's schedules live in one aggregate (PaymentSchedules, at an id derived from the
ledger number), so that "at most one schedule active per ledger on any day" is an invariant of a
single aggregate: a new schedule ends every schedule still running on its start date, in the same
event. Each schedule has an integer id on the wire; a LedgerClaim at the entity id of that
integer names its ledger, so that `updatePaymentSchedule(paymentScheduleId)` finds it, and a
taken id makes the save conflict (the command then retries with another id).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

_SCHEDULES = uuid5(NAMESPACE_URL, "https://kraken-es/payments/schedules/")

# Kraken's payment day: the 29th to 31st do not exist in every month.
FIRST_PAYMENT_DAY, LAST_PAYMENT_DAY = 1, 28

# The kind of a schedule's integer id (see identifiers.LedgerClaim).
SCHEDULE = "schedule"


class ScheduleKind(StrEnum):
    FIXED = "FIXED"  # a fixed amount on a payment day each month
    BALANCE_TRIGGERED = "BALANCE_TRIGGERED"  # a top-up whenever the balance falls below a threshold


class ScheduleReason(StrEnum):
    GENERAL_ACCOUNT_PAYMENT = "GENERAL_ACCOUNT_PAYMENT"
    SSD_PAYMENT = "SSD_PAYMENT"
    FINAL_PAYMENT = "FINAL_PAYMENT"
    DEBT_REPAYMENT_PLAN = "DEBT_REPAYMENT_PLAN"


class ScheduleType(StrEnum):
    """How a schedule's payments are taken: named after the collecting instruction's type."""

    DIRECT_DEBIT = "DIRECT_DEBIT"
    CARD_PAYMENT = "CARD_PAYMENT"

    @classmethod
    def of_instruction(cls, instruction_type: str) -> ScheduleType:
        return cls.DIRECT_DEBIT if instruction_type == "DIRECT_DEBIT" else cls.CARD_PAYMENT


@dataclass(frozen=True, slots=True)
class Schedule:
    id: int
    ledger_number: str
    kind: ScheduleKind
    reason: ScheduleReason
    valid_from: date
    valid_to: date | None  # the last day it is active; None while open-ended
    payment_day: int | None  # fixed schedules only
    amount: int  # the fixed amount, or the top-up amount
    trigger_threshold: int | None  # balance-triggered only: top up when the balance is below it
    instruction_number: int  # the instruction that collects its payments
    schedule_type: ScheduleType

    def active_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def is_variable_payment_amount(self) -> bool:
        # A top-up is taken whenever needed: what it adds up to over a month is not fixed.
        return self.kind is ScheduleKind.BALANCE_TRIGGERED


def first_payment_date(after: date, payment_day: int) -> date:
    """The first date after `after` falling on `payment_day` of its month."""
    candidate = after.replace(day=payment_day)
    if candidate > after:
        return candidate
    year, month = (after.year + 1, 1) if after.month == 12 else (after.year, after.month + 1)
    return date(year, month, payment_day)


class PaymentSchedules(Aggregate):
    """Every schedule a ledger ever had, with at most one active on any day."""

    @staticmethod
    def id_for(ledger_number: str) -> UUID:
        return uuid5(_SCHEDULES, ledger_number)

    @classmethod
    def start(cls, ledger_number: str, account_number: str) -> PaymentSchedules:
        return cls._create(
            cls.Started, id=cls.id_for(ledger_number), ledger_number=ledger_number, account_number=account_number
        )

    class Started(Aggregate.Created):
        ledger_number: str
        account_number: str

    @event(Started)
    def __init__(self, ledger_number: str, account_number: str) -> None:
        self.ledger_number = ledger_number
        self.account_number = account_number
        self.schedules: dict[int, Schedule] = {}
        self.collected: set[tuple[int, str]] = set()

    # Questions ------------------------------------------------------------------------------------

    def active(self, on: date) -> Schedule | None:
        return next((s for s in self.schedules.values() if s.active_on(on)), None)

    def future(self, after: date) -> list[Schedule]:
        """Schedules that start after `after` and will still be active then."""
        return [s for s in self.schedules.values() if s.valid_from > after and s.valid_to is None]

    def get(self, schedule_id: int) -> Schedule | None:
        return self.schedules.get(schedule_id)

    # Commands -------------------------------------------------------------------------------------

    def add(
        self,
        schedule_id: int,
        kind: ScheduleKind,
        reason: ScheduleReason,
        valid_from: date,
        payment_day: int | None,
        amount: int,
        trigger_threshold: int | None,
        instruction_number: int,
        schedule_type: ScheduleType,
    ) -> Schedule:
        """Adds a schedule from `valid_from`: whatever would still run on that day ends the day before.

        A schedule that had not started by then never starts (its valid_to falls before its
        valid_from): the newer decision wins, which is how a future schedule replaces the current.
        """
        if schedule_id in self.schedules:
            raise ValueError(f"schedule {schedule_id} exists already")
        superseded = sorted(s.id for s in self.schedules.values() if s.valid_to is None or s.valid_to >= valid_from)
        self._add(
            schedule_id=schedule_id,
            ledger_number=self.ledger_number,
            account_number=self.account_number,
            kind=kind.value,
            reason=reason.value,
            valid_from=valid_from,
            payment_day=payment_day,
            amount=amount,
            trigger_threshold=trigger_threshold,
            instruction_number=instruction_number,
            schedule_type=schedule_type.value,
            superseded=superseded,
            superseded_to=valid_from - timedelta(days=1),
        )
        return self.schedules[schedule_id]

    class Added(Aggregate.Event):
        schedule_id: int
        ledger_number: str
        account_number: str
        kind: str
        reason: str
        valid_from: date
        payment_day: int | None
        amount: int
        trigger_threshold: int | None
        instruction_number: int
        schedule_type: str
        superseded: list[int]
        superseded_to: date

    @event(Added)
    def _add(
        self,
        schedule_id: int,
        ledger_number: str,
        account_number: str,
        kind: str,
        reason: str,
        valid_from: date,
        payment_day: int | None,
        amount: int,
        trigger_threshold: int | None,
        instruction_number: int,
        schedule_type: str,
        superseded: list[int],
        superseded_to: date,
    ) -> None:
        for number in superseded:
            self.schedules[number] = replace(self.schedules[number], valid_to=superseded_to)
        self.schedules[schedule_id] = Schedule(
            id=schedule_id,
            ledger_number=ledger_number,
            kind=ScheduleKind(kind),
            reason=ScheduleReason(reason),
            valid_from=valid_from,
            valid_to=None,
            payment_day=payment_day,
            amount=amount,
            trigger_threshold=trigger_threshold,
            instruction_number=instruction_number,
            schedule_type=ScheduleType(schedule_type),
        )

    def amend(self, schedule_id: int, payment_day: int | None, amount: int) -> Schedule:
        """Changes a schedule's payment day and amount in place (updatePaymentSchedule)."""
        self._amend(schedule_id=schedule_id, payment_day=payment_day, amount=amount)
        return self.schedules[schedule_id]

    class Amended(Aggregate.Event):
        schedule_id: int
        payment_day: int | None
        amount: int

    @event(Amended)
    def _amend(self, schedule_id: int, payment_day: int | None, amount: int) -> None:
        self.schedules[schedule_id] = replace(self.schedules[schedule_id], payment_day=payment_day, amount=amount)

    def record_collection(self, schedule_id: int, period: str, payment_id: int) -> bool:
        """Notes that the schedule's payment for `period` was asked for; False if it was already."""
        if (schedule_id, period) in self.collected:
            return False
        self._record_collection(schedule_id=schedule_id, period=period, payment_id=payment_id)
        return True

    class CollectionRequested(Aggregate.Event):
        schedule_id: int
        period: str
        payment_id: int

    @event(CollectionRequested)
    def _record_collection(self, schedule_id: int, period: str, payment_id: int) -> None:
        self.collected.add((schedule_id, period))
