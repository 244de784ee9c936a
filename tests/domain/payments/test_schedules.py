"""Payment schedules: one active per ledger, replacements from a start date, and every refusal's code.

Given past events (an in-memory store), when a command runs, then these events or this error.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from eventsourcing.persistence import RecordConflictError

from domain.payments import commands
from domain.payments.application import Payments
from domain.payments.errors import (
    ActivePaymentScheduleNotFound,
    AmountInvalid,
    DirectDebitInstructionDataInvalid,
    DirectDebitInstructionSetupFailed,
    FuturePaymentScheduleExists,
    LedgerAccessDenied,
    PaymentDayInvalid,
    PaymentInstructionUnexpectedError,
    PaymentScheduleChangeMissing,
    PaymentScheduleInputInvalid,
    PaymentScheduleNotFound,
    PaymentScheduleSaveFailed,
    PaymentScheduleWithoutPayments,
    PlanPaymentScheduleNotEditable,
    ScheduleNotBalanceTriggered,
)
from domain.payments.identifiers import LedgerClaim
from domain.payments.ledger import EntryKind, Ledger
from domain.payments.limits import LEDGER_BALANCE_LIMIT
from domain.payments.payment_instruction import PaymentInstruction
from domain.payments.payment_schedule import (
    SCHEDULE,
    PaymentSchedules,
    Schedule,
    ScheduleKind,
    ScheduleReason,
    ScheduleType,
    first_payment_date,
)
from domain.payments.schedule_commands import ScheduleWithoutInstruction
from domain.shared.clock import FrozenClock

ACCOUNT = "A-ABCD2345"
LEDGER = "L-ABCD2345"
NOW = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
TODAY = NOW.date()
DETAILS = commands.BankDetails(account_holder="Ada Lovelace", sort_code="20-00-00", account_number="55779911")


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
def payments(clock: FrozenClock) -> Payments:
    """The payments application on an in-memory store, with Ada's main ledger opened."""
    app = Payments({"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock)
    app.save(Ledger.open(ACCOUNT, NOW))
    return app


def direct_debit(payments: Payments) -> int:
    command = commands.SetUpDirectDebitInstruction(
        account_number=ACCOUNT, valid_from=NOW, bank_details=DETAILS, account_user_id="u-1", ledger_number=LEDGER
    )
    return payments.set_up_direct_debit_instruction(command).number


def dd_schedule(payments: Payments, day: int = 20, amount: int | None = 5000) -> int:
    command = commands.CreateDirectDebitPaymentSchedule(
        account_number=ACCOUNT, ledger_number=LEDGER, payment_day=day, payment_amount=amount
    )
    return payments.create_direct_debit_payment_schedule(command).id


def plan(payments: Payments, day: int = 3, amount: int = 2500) -> int:
    command = commands.CreatePlanSchedule(account_number=ACCOUNT, ledger_number=LEDGER, payment_day=day, amount=amount)
    return payments.create_plan_schedule(command).id


def top_up(payments: Payments, threshold: int = 1000, amount: int = 2000) -> int:
    command = commands.CreateAutoTopUpSchedule(
        account_number=ACCOUNT, ledger_number=LEDGER, trigger_threshold=threshold, amount=amount
    )
    return payments.create_auto_top_up_schedule(command).id


def schedules(payments: Payments) -> PaymentSchedules:
    found = payments.payment_schedules(LEDGER)
    assert found is not None
    return found


def change(payments: Payments, day: int | None = None, amount: int | None = None, ledger: str = LEDGER) -> int:
    command = commands.CreateAccountPaymentSchedule(
        account_number=ACCOUNT, ledger_number=ledger, payment_day=day, payment_amount=amount
    )
    return payments.create_account_payment_schedule(command).id


# The aggregate ---------------------------------------------------------------------------------------


def test_a_new_schedule_ends_the_current_one_the_day_before_it_starts() -> None:
    # given
    ledger = PaymentSchedules.start(LEDGER, ACCOUNT)
    args = (ScheduleReason.GENERAL_ACCOUNT_PAYMENT,)
    ledger.add(1_000_001, ScheduleKind.FIXED, *args, date(2026, 1, 1), 5, 3000, None, 7, ScheduleType.DIRECT_DEBIT)
    # when
    ledger.add(1_000_002, ScheduleKind.FIXED, *args, date(2026, 2, 10), 10, 4000, None, 7, ScheduleType.DIRECT_DEBIT)
    # then
    added = ledger.collect_events()[-1]
    assert isinstance(added, PaymentSchedules.Added)
    assert (added.superseded, added.superseded_to) == ([1_000_001], date(2026, 2, 9))
    assert ledger.active(date(2026, 2, 9)).id == 1_000_001  # type: ignore[union-attr]
    assert ledger.active(date(2026, 2, 10)).id == 1_000_002  # type: ignore[union-attr]
    assert [s.id for s in ledger.future(date(2026, 1, 15))] == [1_000_002]


def test_a_schedule_replaced_before_it_starts_never_becomes_active() -> None:
    ledger = PaymentSchedules.start(LEDGER, ACCOUNT)
    reason = ScheduleReason.GENERAL_ACCOUNT_PAYMENT
    ledger.add(1_000_001, ScheduleKind.FIXED, reason, date(2026, 3, 1), 1, 3000, None, 7, ScheduleType.DIRECT_DEBIT)
    ledger.add(1_000_002, ScheduleKind.FIXED, reason, date(2026, 2, 1), 1, 2000, None, 7, ScheduleType.DIRECT_DEBIT)
    assert [ledger.active(date(2026, m, 1)).id for m in (2, 3, 4)] == [1_000_002] * 3  # type: ignore[union-attr]


def test_the_first_payment_date_is_after_today_on_the_payment_day() -> None:
    assert first_payment_date(date(2026, 1, 15), 20) == date(2026, 1, 20)
    assert first_payment_date(date(2026, 1, 15), 15) == date(2026, 2, 15)
    assert first_payment_date(date(2026, 12, 28), 1) == date(2027, 1, 1)


# createDirectDebitPaymentSchedule ------------------------------------------------------------------------


def test_a_direct_debit_schedule_starts_on_its_first_payment_day_and_claims_its_id(payments: Payments) -> None:
    # given
    instruction = direct_debit(payments)
    # when
    schedule_id = dd_schedule(payments, day=20, amount=5000)
    # then
    schedule = schedules(payments).get(schedule_id)
    assert schedule is not None
    assert (schedule.valid_from, schedule.payment_day, schedule.amount) == (date(2026, 1, 20), 20, 5000)
    assert (schedule.instruction_number, schedule.schedule_type) == (instruction, ScheduleType.DIRECT_DEBIT)
    assert payments.load(LedgerClaim.id_for(SCHEDULE, schedule_id)).ledger_number == LEDGER


def test_without_an_amount_what_the_ledger_owes_is_spread_over_twelve_payments(payments: Payments) -> None:
    # given: the ledger owes £100.01
    ledger = payments.ledger(LEDGER)
    assert ledger is not None
    ledger.post(EntryKind.CHARGE, -10001, "BILL", "bill:1", NOW, limit=LEDGER_BALANCE_LIMIT)
    payments.save(ledger)
    direct_debit(payments)
    # when
    schedule_id = dd_schedule(payments, amount=None)
    # then: rounded up
    assert schedules(payments).get(schedule_id).amount == 834  # type: ignore[union-attr]


def test_without_an_amount_and_nothing_owed_there_are_no_payments_kt_ct_3965(payments: Payments) -> None:
    direct_debit(payments)
    with pytest.raises(PaymentScheduleWithoutPayments):
        dd_schedule(payments, amount=None)


def test_a_second_future_schedule_is_kt_ct_3964(payments: Payments) -> None:
    direct_debit(payments)
    dd_schedule(payments)
    with pytest.raises(FuturePaymentScheduleExists):
        dd_schedule(payments, day=25)


@pytest.mark.parametrize(
    ("day", "amount", "error"),
    [(0, 100, PaymentDayInvalid), (29, 100, PaymentDayInvalid), (10, 0, AmountInvalid), (10, -5, AmountInvalid)],
)
def test_a_bad_day_or_amount_is_refused(payments: Payments, day: int, amount: int, error: type[Exception]) -> None:
    # createDirectDebitPaymentSchedule answers both as KT-GB-3931
    direct_debit(payments)
    with pytest.raises(error):
        dd_schedule(payments, day=day, amount=amount)


def test_a_ledger_without_a_direct_debit_instruction_is_kt_gb_3931(payments: Payments) -> None:
    with pytest.raises(PaymentScheduleInputInvalid):
        dd_schedule(payments)


# createDirectDebitInstructionAndSchedule ------------------------------------------------------------------


def instruction_and_schedule(
    payments: Payments, details: commands.BankDetails = DETAILS, day: int = 5
) -> tuple[PaymentInstruction, Schedule]:
    command = commands.CreateDirectDebitInstructionAndSchedule(
        account_number=ACCOUNT,
        ledger_number=LEDGER,
        bank_details=details,
        payment_day=day,
        account_user_id="u-1",
        payment_amount=3000,
    )
    return payments.create_direct_debit_instruction_and_schedule(command)


def test_the_instruction_and_its_schedule_are_saved_together(payments: Payments) -> None:
    # when
    instruction, schedule = instruction_and_schedule(payments)
    # then
    ledger = payments.ledger(LEDGER)
    assert ledger is not None and ledger.instruction_for("DIRECT_DEBIT", NOW) == instruction.number
    assert schedule.instruction_number == instruction.number
    assert schedule.valid_from == date(2026, 2, 5)


def test_bad_bank_details_are_refused(payments: Payments) -> None:
    # createDirectDebitInstructionAndSchedule answers it as KT-GB-3930
    with pytest.raises(DirectDebitInstructionDataInvalid):
        instruction_and_schedule(payments, details=commands.BankDetails(account_holder="Ada", sort_code="1"))


def test_a_ledger_with_a_direct_debit_already_is_kt_ct_3948(payments: Payments) -> None:
    direct_debit(payments)
    with pytest.raises(DirectDebitInstructionSetupFailed):
        instruction_and_schedule(payments)


def test_a_save_that_keeps_conflicting_is_refused(payments: Payments, monkeypatch: pytest.MonkeyPatch) -> None:
    def conflict(*_: object, **__: object) -> None:
        raise RecordConflictError("another writer")

    # createDirectDebitInstructionAndSchedule answers it as KT-CT-3947
    monkeypatch.setattr(payments, "save", conflict)
    with pytest.raises(PaymentScheduleSaveFailed):
        instruction_and_schedule(payments)


# createAccountPaymentSchedule -----------------------------------------------------------------------------


@pytest.fixture
def active(payments: Payments, clock: FrozenClock) -> int:
    """A direct debit schedule of £50 on the 20th, active from 20 January (the clock is moved there)."""
    direct_debit(payments)
    schedule_id = dd_schedule(payments, day=20, amount=5000)
    clock.advance(timedelta(days=5))
    return schedule_id


def test_changing_the_amount_replaces_the_active_schedule_from_today(payments: Payments, active: int) -> None:
    # when
    new_id = change(payments, amount=6000)
    # then
    found = schedules(payments)
    assert found.get(active).valid_to == date(2026, 1, 19)  # type: ignore[union-attr]
    assert found.active(date(2026, 1, 20)).id == new_id  # type: ignore[union-attr]
    assert (found.get(new_id).payment_day, found.get(new_id).amount) == (20, 6000)  # type: ignore[union-attr]


def test_no_active_schedule_is_kt_ct_3815(payments: Payments) -> None:
    direct_debit(payments)
    dd_schedule(payments)  # starts on the 20th: not active yet
    with pytest.raises(ActivePaymentScheduleNotFound):
        change(payments, amount=100)


@pytest.mark.parametrize(
    ("day", "amount", "error"),
    [
        (None, None, PaymentScheduleChangeMissing),
        (20, 5000, PaymentScheduleChangeMissing),
        (29, None, PaymentDayInvalid),
        (None, 0, AmountInvalid),
    ],
)
def test_refusals_of_the_new_values(
    payments: Payments, active: int, day: int | None, amount: int | None, error: type[Exception]
) -> None:
    with pytest.raises(error):
        change(payments, day=day, amount=amount)


def test_another_account_s_ledger_is_kt_ct_3822(payments: Payments, active: int) -> None:
    payments.save(Ledger.open("A-ZZZZ2345", NOW))
    with pytest.raises(LedgerAccessDenied):
        change(payments, amount=100, ledger="L-ZZZZ2345")


def test_a_plan_schedule_cannot_be_changed_kt_ct_3961(payments: Payments) -> None:
    direct_debit(payments)
    plan(payments)
    with pytest.raises(PlanPaymentScheduleNotEditable):
        change(payments, amount=100)


def test_an_invalidated_collecting_instruction_is_kt_ct_3947(payments: Payments, active: int) -> None:
    instruction = schedules(payments).get(active).instruction_number  # type: ignore[union-attr]
    payments.invalidate_payment_instruction(
        commands.InvalidatePaymentInstruction(account_number=ACCOUNT, instruction_id=str(instruction))
    )
    with pytest.raises(PaymentInstructionUnexpectedError):
        change(payments, amount=100)


def test_a_save_that_keeps_conflicting_is_kt_ct_3942(
    payments: Payments, active: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    def conflict(*_: object, **__: object) -> None:
        raise RecordConflictError("another writer")

    monkeypatch.setattr(payments, "save", conflict)
    with pytest.raises(PaymentScheduleSaveFailed):
        change(payments, amount=100)


# updatePaymentSchedule ------------------------------------------------------------------------------------


def update(payments: Payments, schedule_id: object, account: str = ACCOUNT, **values: int) -> int:
    command = commands.UpdatePaymentSchedule(account_number=account, payment_schedule_id=str(schedule_id), **values)
    return payments.update_payment_schedule(command).amount


def test_updating_a_schedule_changes_it_in_place(payments: Payments) -> None:
    direct_debit(payments)
    schedule_id = dd_schedule(payments)
    assert update(payments, schedule_id, payment_amount=4200) == 4200
    stored = list(payments.repository.event_store.get(PaymentSchedules.id_for(LEDGER)))
    assert isinstance(stored[-1], PaymentSchedules.Amended)
    assert schedules(payments).get(schedule_id).amount == 4200  # type: ignore[union-attr]


@pytest.mark.parametrize("schedule_id", ["1234567", "nonsense", ""])
def test_an_unknown_schedule_is_kt_ct_3966(payments: Payments, schedule_id: str) -> None:
    with pytest.raises(PaymentScheduleNotFound):
        update(payments, schedule_id, payment_amount=100)


def test_another_account_s_schedule_is_kt_ct_3966(payments: Payments) -> None:
    direct_debit(payments)
    schedule_id = dd_schedule(payments)
    with pytest.raises(PaymentScheduleNotFound):
        update(payments, schedule_id, account="A-ZZZZ2345", payment_amount=100)


def test_an_ended_schedule_is_kt_ct_3966(payments: Payments, active: int) -> None:
    change(payments, amount=100)  # ends `active` yesterday
    with pytest.raises(PaymentScheduleNotFound):
        update(payments, active, payment_amount=200)


# updateAutoTopUpAmount -------------------------------------------------------------------------------------


def set_top_up(payments: Payments, amount: int) -> int:
    command = commands.UpdateAutoTopUpAmount(account_number=ACCOUNT, payment_amount=amount, ledger_number=LEDGER)
    return payments.update_auto_top_up_amount(command).id


def test_a_new_top_up_amount_replaces_the_top_up_schedule_from_today(payments: Payments) -> None:
    direct_debit(payments)
    old = top_up(payments, threshold=1000, amount=2000)
    new = set_top_up(payments, 3000)
    found = schedules(payments).active(TODAY)
    assert found is not None and (found.id, found.amount, found.trigger_threshold) == (new, 3000, 1000)
    assert found.kind is ScheduleKind.BALANCE_TRIGGERED and found.is_variable_payment_amount
    assert new != old
    assert set_top_up(payments, 3000) == new  # asked again: nothing changes


def test_a_fixed_schedule_is_not_balance_triggered_kt_ct_3953(payments: Payments) -> None:
    direct_debit(payments)
    plan(payments)
    with pytest.raises(ScheduleNotBalanceTriggered):
        set_top_up(payments, 3000)


def test_no_schedule_to_top_up_is_kt_ct_3815(payments: Payments) -> None:
    with pytest.raises(ActivePaymentScheduleNotFound):
        set_top_up(payments, 3000)


def test_a_non_positive_top_up_is_an_invalid_amount(payments: Payments) -> None:
    # updateAutoTopUpAmount answers it as KT-CT-3941
    with pytest.raises(AmountInvalid):
        set_top_up(payments, 0)


def test_operators_cannot_schedule_a_ledger_that_has_no_instruction(payments: Payments) -> None:
    with pytest.raises(ScheduleWithoutInstruction):
        top_up(payments)


# The scheduler's record --------------------------------------------------------------------------------


def test_a_collection_is_recorded_once_per_schedule_and_period(payments: Payments) -> None:
    direct_debit(payments)
    schedule_id = dd_schedule(payments)
    record = commands.RecordScheduleCollection(
        ledger_number=LEDGER, schedule_id=schedule_id, period="2026-01", payment_id=1_234_567
    )
    assert payments.record_schedule_collection(record) is True
    assert payments.record_schedule_collection(record) is False
