"""Payment schedules: fixed payments on a payment day and balance-triggered top-ups, one active per ledger.

Every command changes one ledger's PaymentSchedules aggregate (plus, for a new schedule, the claim
of its integer id, and for createDirectDebitInstructionAndSchedule the new instruction and its
ledger link), all in one save. A save that keeps conflicting is answered with the mutation's
"unexpected error" code: PaymentScheduleSaveFailed (KT-CT-3942), which each mutation answers
with its own code for it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from eventsourcing.domain import Aggregate

from domain.payments import commands
from domain.payments.errors import (
    ActivePaymentScheduleNotFound,
    DirectDebitInstructionSetupFailed,
    FuturePaymentScheduleExists,
    PaymentDayInvalid,
    PaymentInstructionUnexpectedError,
    PaymentScheduleChangeMissing,
    PaymentScheduleDataInvalid,
    PaymentScheduleInputInvalid,
    PaymentScheduleNotFound,
    PaymentScheduleSaveFailed,
    PaymentScheduleWithoutPayments,
    PlanPaymentScheduleNotEditable,
    ScheduleNotBalanceTriggered,
)
from domain.payments.identifiers import LedgerClaim, new_number, parse_number
from domain.payments.ledger import Ledger
from domain.payments.limits import MoneyLimits
from domain.payments.lookups import PaymentsLookups
from domain.payments.payment_instruction import InstructionStatus, InstructionType, PaymentInstruction
from domain.payments.payment_schedule import (
    FIRST_PAYMENT_DAY,
    LAST_PAYMENT_DAY,
    SCHEDULE,
    PaymentSchedules,
    Schedule,
    ScheduleKind,
    ScheduleReason,
    ScheduleType,
    first_payment_date,
)
from domain.shared.application import CommandConflict

T = TypeVar("T")

# With no amount given, what the ledger owes is spread over a year of monthly payments.
MONTHS_TO_CLEAR_DEBT = 12


class ScheduleWithoutInstruction(ValueError):
    """An operator asked for a schedule on a ledger that has no instruction to collect it.

    Only the operators' schedule commands (kraken schedule) raise it: no client sees it.
    """


class ScheduleCommands(PaymentsLookups):
    if TYPE_CHECKING:
        # Defined by InstructionCommands, joined with this class in the Payments application.
        def instruction_for(
            self, ledger: Ledger, instruction_type: InstructionType | None, at: datetime
        ) -> PaymentInstruction | None: ...

        def _new_direct_debit(
            self, ledger: Ledger, details: commands.BankDetails, valid_from: datetime, account_user_id: str = ""
        ) -> PaymentInstruction: ...

    # Mutations ------------------------------------------------------------------------------------

    def create_account_payment_schedule(self, command: commands.CreateAccountPaymentSchedule) -> Schedule:
        """Replaces the ledger's active fixed schedule, from today, with one of a new day or amount."""
        _check_change(command.payment_day, command.payment_amount, self.limits)

        def decide() -> tuple[Schedule, list[Any]]:
            ledger = self.select_ledger(command.account_number, None, command.ledger_number)
            schedules, today = self._schedules(ledger), self._today()
            active = schedules.active(today)
            if active is None:
                raise ActivePaymentScheduleNotFound(f"Ledger {ledger.number} has no payment schedule active today.")
            self._check_editable(active, command.payment_day)
            day = active.payment_day if command.payment_day is None else command.payment_day
            amount = active.amount if command.payment_amount is None else command.payment_amount
            if (day, amount) == (active.payment_day, active.amount):
                raise PaymentScheduleChangeMissing("The active schedule already has this payment day and amount.")
            self._collecting_instruction(active)
            return self._add(schedules, _like(active, today, payment_day=day, amount=amount))

        return _saving(self.decide, decide)

    def create_direct_debit_instruction_and_schedule(
        self, command: commands.CreateDirectDebitInstructionAndSchedule
    ) -> tuple[PaymentInstruction, Schedule]:
        """A new direct debit instruction and the fixed schedule it collects, in one save."""
        _check_schedule(command.payment_day, command.payment_amount, self.limits)

        def decide() -> tuple[tuple[PaymentInstruction, Schedule], list[Any]]:
            ledger = self.select_ledger(command.account_number, None, command.ledger_number)
            now = self.clock.now()
            if self.instruction_for(ledger, InstructionType.DIRECT_DEBIT, now) is not None:
                raise DirectDebitInstructionSetupFailed(
                    f"Ledger {ledger.number} has an active direct debit instruction already: "
                    "use createDirectDebitPaymentSchedule, or invalidate it first."
                )
            schedules = self._schedules(ledger)
            self._check_no_future(schedules)
            amount = _amount_or_owed(command.payment_amount, ledger, self.limits)
            instruction = self._new_direct_debit(
                ledger,
                command.bank_details,
                now,
                account_user_id=command.account_user_id,
            )
            schedule, changed = self._add(
                schedules,
                _fixed(instruction, first_payment_date(now.date(), command.payment_day), command.payment_day, amount),
            )
            return (instruction, schedule), [ledger, instruction, *changed]

        return _saving(self.decide, decide)

    def create_direct_debit_payment_schedule(self, command: commands.CreateDirectDebitPaymentSchedule) -> Schedule:
        """A fixed schedule collected by the ledger's existing direct debit instruction."""
        _check_schedule(command.payment_day, command.payment_amount, self.limits)

        def decide() -> tuple[Schedule, list[Any]]:
            ledger = self.select_ledger(command.account_number, None, command.ledger_number)
            now = self.clock.now()
            instruction = self.instruction_for(ledger, InstructionType.DIRECT_DEBIT, now)
            if instruction is None:
                raise PaymentScheduleInputInvalid(f"Ledger {ledger.number} has no active direct debit instruction.")
            schedules = self._schedules(ledger)
            self._check_no_future(schedules)
            amount = _amount_or_owed(command.payment_amount, ledger, self.limits)
            start = first_payment_date(now.date(), command.payment_day)
            return self._add(schedules, _fixed(instruction, start, command.payment_day, amount))

        return self.decide(decide)

    def update_payment_schedule(self, command: commands.UpdatePaymentSchedule) -> Schedule:
        """Changes a current or future schedule's payment day or amount in place."""
        _check_change(command.payment_day, command.payment_amount, self.limits)
        number = parse_number(command.payment_schedule_id)
        missing = PaymentScheduleNotFound(
            f"Account {command.account_number} has no current payment schedule {command.payment_schedule_id}."
        )

        def decide() -> tuple[Schedule, list[Any]]:
            claim: LedgerClaim | None = None if number is None else self.find(LedgerClaim.id_for(SCHEDULE, number))
            if claim is None:
                raise missing
            schedules: PaymentSchedules = self.load(PaymentSchedules.id_for(claim.ledger_number))
            schedule = schedules.get(claim.number)
            ended = schedule is None or (schedule.valid_to is not None and schedule.valid_to < self._today())
            if schedules.account_number != command.account_number or schedule is None or ended:
                raise missing
            self._check_editable(schedule, command.payment_day)
            day = schedule.payment_day if command.payment_day is None else command.payment_day
            amount = schedule.amount if command.payment_amount is None else command.payment_amount
            if (day, amount) == (schedule.payment_day, schedule.amount):
                raise PaymentScheduleChangeMissing("The schedule already has this payment day and amount.")
            return schedules.amend(schedule.id, day, amount), [schedules]

        return _saving(self.decide, decide)

    def update_auto_top_up_amount(self, command: commands.UpdateAutoTopUpAmount) -> Schedule:
        """Replaces the active balance-triggered schedule, from today, with one of a new top-up amount."""
        self.limits.check(command.payment_amount)

        def decide() -> tuple[Schedule, list[Any]]:
            ledger = self.select_ledger(command.account_number, command.ledger_id, command.ledger_number)
            schedules, today = self._schedules(ledger), self._today()
            active = schedules.active(today)
            if active is None:
                raise ActivePaymentScheduleNotFound(f"Ledger {ledger.number} has no payment schedule active today.")
            if active.kind is not ScheduleKind.BALANCE_TRIGGERED:
                raise ScheduleNotBalanceTriggered(f"Schedule {active.id} takes fixed payments on a payment day.")
            self._collecting_instruction(active)
            if active.amount == command.payment_amount:
                return active, []  # asked again: nothing to change
            return self._add(schedules, _like(active, today, payment_day=None, amount=command.payment_amount))

        return _saving(self.decide, decide)

    # Operators' commands (schedules that no mutation creates) -------------------------------------

    def create_auto_top_up_schedule(self, command: commands.CreateAutoTopUpSchedule) -> Schedule:
        """A balance-triggered schedule from today, collected by the ledger's automated-payment instruction."""
        self.limits.check(command.amount)

        def decide() -> tuple[Schedule, list[Any]]:
            ledger = self.select_ledger(command.account_number, None, command.ledger_number)
            instruction = self._automated_instruction(ledger)
            schedule = _Draft(
                kind=ScheduleKind.BALANCE_TRIGGERED,
                reason=ScheduleReason.GENERAL_ACCOUNT_PAYMENT,
                valid_from=self._today(),
                payment_day=None,
                amount=command.amount,
                trigger_threshold=command.trigger_threshold,
                instruction_number=instruction.number,
                schedule_type=ScheduleType.of_instruction(instruction.instruction_type.value),
            )
            return self._add(self._schedules(ledger), schedule)

        return self.decide(decide)

    def create_plan_schedule(self, command: commands.CreatePlanSchedule) -> Schedule:
        """A debt repayment plan's fixed schedule from today (KT-CT-3961 keeps customers from changing it)."""
        _check_schedule(command.payment_day, command.amount, self.limits)

        def decide() -> tuple[Schedule, list[Any]]:
            ledger = self.select_ledger(command.account_number, None, command.ledger_number)
            instruction = self._automated_instruction(ledger)
            draft = _fixed(instruction, self._today(), command.payment_day, command.amount)
            draft.reason = ScheduleReason.DEBT_REPAYMENT_PLAN
            return self._add(self._schedules(ledger), draft)

        return self.decide(decide)

    # The scheduler's command -----------------------------------------------------------------------

    def record_schedule_collection(self, command: commands.RecordScheduleCollection) -> bool:
        """Notes which payment a schedule asked for in a period; False if noted already (idempotent)."""

        def decide() -> tuple[bool, list[Any]]:
            schedules: PaymentSchedules = self.load(PaymentSchedules.id_for(command.ledger_number))
            recorded = schedules.record_collection(command.schedule_id, command.period, command.payment_id)
            return recorded, [schedules] if recorded else []

        return self.decide(decide)

    def payment_schedules(self, ledger_number: str) -> PaymentSchedules | None:
        found: PaymentSchedules | None = self.find(PaymentSchedules.id_for(ledger_number))
        return found

    # Helpers ------------------------------------------------------------------------------------------

    def _today(self) -> date:
        return self.clock.now().date()

    def _schedules(self, ledger: Ledger) -> PaymentSchedules:
        return self.payment_schedules(ledger.number) or PaymentSchedules.start(ledger.number, ledger.account_number)

    def _add(self, schedules: PaymentSchedules, draft: _Draft) -> tuple[Schedule, list[Aggregate]]:
        # A new id that is already taken makes the claim's save conflict; the retry draws another.
        number = new_number()
        schedule = schedules.add(
            number,
            draft.kind,
            draft.reason,
            draft.valid_from,
            draft.payment_day,
            draft.amount,
            draft.trigger_threshold,
            draft.instruction_number,
            draft.schedule_type,
        )
        return schedule, [schedules, LedgerClaim.claim(SCHEDULE, number, schedules.ledger_number)]

    def _check_no_future(self, schedules: PaymentSchedules) -> None:
        if schedules.future(self._today()):
            raise FuturePaymentScheduleExists(f"Ledger {schedules.ledger_number} has a schedule starting later.")

    @staticmethod
    def _check_editable(schedule: Schedule, payment_day: int | None) -> None:
        if schedule.reason is ScheduleReason.DEBT_REPAYMENT_PLAN:
            raise PlanPaymentScheduleNotEditable(f"Schedule {schedule.id} belongs to a debt repayment plan.")
        if schedule.kind is ScheduleKind.BALANCE_TRIGGERED and payment_day is not None:
            raise PaymentScheduleDataInvalid(
                f"Schedule {schedule.id} tops up when the balance is low: it has no payment day."
            )

    def _collecting_instruction(self, schedule: Schedule) -> PaymentInstruction:
        """The instruction that collects the schedule; KT-CT-3947 if it is no longer usable."""
        instruction: PaymentInstruction | None = self.entity(PaymentInstruction.KIND, schedule.instruction_number)
        if instruction is None or instruction.status is not InstructionStatus.ACTIVE:
            raise PaymentInstructionUnexpectedError(
                f"The payment instruction collecting schedule {schedule.id} is no longer active."
            )
        return instruction

    def _automated_instruction(self, ledger: Ledger) -> PaymentInstruction:
        instruction = self.instruction_for(ledger, None, self.clock.now())
        if instruction is None:
            raise ScheduleWithoutInstruction(f"Ledger {ledger.number} has no payment instruction to collect with.")
        return instruction


class _Draft:
    """What a new schedule will be, before it has an id."""

    def __init__(
        self,
        kind: ScheduleKind,
        reason: ScheduleReason,
        valid_from: date,
        payment_day: int | None,
        amount: int,
        trigger_threshold: int | None,
        instruction_number: int,
        schedule_type: ScheduleType,
    ) -> None:
        self.kind, self.reason, self.valid_from = kind, reason, valid_from
        self.payment_day, self.amount, self.trigger_threshold = payment_day, amount, trigger_threshold
        self.instruction_number, self.schedule_type = instruction_number, schedule_type


def _fixed(instruction: PaymentInstruction, valid_from: date, payment_day: int, amount: int) -> _Draft:
    return _Draft(
        kind=ScheduleKind.FIXED,
        reason=ScheduleReason.GENERAL_ACCOUNT_PAYMENT,
        valid_from=valid_from,
        payment_day=payment_day,
        amount=amount,
        trigger_threshold=None,
        instruction_number=instruction.number,
        schedule_type=ScheduleType.of_instruction(instruction.instruction_type.value),
    )


def _like(schedule: Schedule, valid_from: date, payment_day: int | None, amount: int) -> _Draft:
    return _Draft(
        kind=schedule.kind,
        reason=schedule.reason,
        valid_from=valid_from,
        payment_day=payment_day,
        amount=amount,
        trigger_threshold=schedule.trigger_threshold,
        instruction_number=schedule.instruction_number,
        schedule_type=schedule.schedule_type,
    )


def _check_change(payment_day: int | None, payment_amount: int | None, limits: MoneyLimits) -> None:
    if payment_day is None and payment_amount is None:
        raise PaymentScheduleChangeMissing("Give a new paymentDay or paymentAmount.")
    _check_schedule(payment_day, payment_amount, limits)


def _check_schedule(payment_day: int | None, payment_amount: int | None, limits: MoneyLimits) -> None:
    """PaymentDayInvalid for a day outside the month's collection days, AmountInvalid outside the limits."""
    if payment_day is not None and not FIRST_PAYMENT_DAY <= payment_day <= LAST_PAYMENT_DAY:
        raise PaymentDayInvalid(
            f"paymentDay must be from {FIRST_PAYMENT_DAY} to {LAST_PAYMENT_DAY}, not {payment_day}."
        )
    if payment_amount is not None:
        limits.check(payment_amount)


def _amount_or_owed(payment_amount: int | None, ledger: Ledger, limits: MoneyLimits) -> int:
    """The amount given, or what the ledger owes spread over a year (KT-CT-3965 if it owes nothing),
    at most the payment amount limit (a larger debt then takes longer to clear)."""
    if payment_amount is not None:
        return payment_amount
    owed = -ledger.balance
    if owed <= 0:
        raise PaymentScheduleWithoutPayments(
            f"No paymentAmount was given and ledger {ledger.number} owes nothing to pay off by schedule."
        )
    monthly = -(-owed // MONTHS_TO_CLEAR_DEBT)  # rounded up: the last payment is never short
    return min(monthly, limits.payment_amount)


def _saving(
    decide: Callable[[Callable[[], tuple[T, Sequence[Any]]]], T], command: Callable[[], tuple[T, Sequence[Any]]]
) -> T:
    """Runs `command` through `decide`: PaymentScheduleSaveFailed if its save kept conflicting."""
    try:
        return decide(command)
    except CommandConflict as conflict:
        raise PaymentScheduleSaveFailed(
            "The payment schedule could not be saved; nothing was changed. Retry later."
        ) from conflict
