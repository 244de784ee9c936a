"""The scheduler's job for payment schedules: each due payment is asked for once, whatever reruns."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from domain.payments import commands
from domain.payments.ledger import main_ledger_number
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.payments.collecting import direct_debit
from tests.api.payments.scheduling import fixed_schedule, owe, top_up_schedule
from workers.payments.sandbox import NEVER_SETTLES_ENDING
from workers.payments.schedules import collect_due_schedules


@pytest.fixture
def ledger(contexts: Contexts, customer: dict[str, str], catch_up: Callable[[], int]) -> str:
    catch_up()
    return main_ledger_number(customer["account_number"])


def on(clock: FrozenClock, day: date) -> date:
    clock.at = datetime(day.year, day.month, day.day, 6, 0, tzinfo=UTC)
    return day


def scheduled_payments(contexts: Contexts, customer: dict[str, str]) -> list[tuple[int, str]]:
    rows = contexts.read.payments.of_account(customer["account_number"])
    return sorted((row["amount"], row["payment_date"]) for row in rows)


def test_a_fixed_schedule_is_collected_once_a_month_on_its_day_or_after(
    backend: str,
    contexts: Contexts,
    customer: dict[str, str],
    ledger: str,
    clock: FrozenClock,
    catch_up: Callable[[], int],
) -> None:
    # given: £50 on the 20th, from 20 January
    direct_debit(contexts, customer, ledger)
    fixed_schedule(contexts, customer, ledger, day=20, amount=5000)
    catch_up()
    # when / then: not before its first day
    assert collect_due_schedules(contexts, on(clock, date(2026, 1, 19))) == 0
    # the scheduler was down on the 20th: collected on the 21st, once however often the job runs
    assert collect_due_schedules(contexts, on(clock, date(2026, 1, 21))) == 1
    assert collect_due_schedules(contexts, on(clock, date(2026, 1, 21))) == 0  # read model not caught up yet
    catch_up()
    assert collect_due_schedules(contexts, on(clock, date(2026, 1, 22))) == 0
    assert collect_due_schedules(contexts, on(clock, date(2026, 2, 19))) == 0
    assert collect_due_schedules(contexts, on(clock, date(2026, 2, 20))) == 1
    catch_up()
    assert scheduled_payments(contexts, customer) == [(5000, "2026-01-21"), (5000, "2026-02-20")]


def test_a_schedule_replaced_after_this_month_s_payment_does_not_pay_twice(
    contexts: Contexts, customer: dict[str, str], ledger: str, clock: FrozenClock, catch_up: Callable[[], int]
) -> None:
    # given: January's payment taken on the 20th, then the amount changed on the 25th
    direct_debit(contexts, customer, ledger)
    fixed_schedule(contexts, customer, ledger, day=20, amount=5000)
    catch_up()
    assert collect_due_schedules(contexts, on(clock, date(2026, 1, 20))) == 1
    on(clock, date(2026, 1, 25))
    contexts.payments.create_account_payment_schedule(
        commands.CreateAccountPaymentSchedule(
            account_number=customer["account_number"], ledger_number=ledger, payment_amount=7000
        )
    )
    catch_up()
    # when / then
    assert collect_due_schedules(contexts, date(2026, 1, 25)) == 0
    assert collect_due_schedules(contexts, on(clock, date(2026, 2, 20))) == 1
    catch_up()
    assert scheduled_payments(contexts, customer) == [(5000, "2026-01-20"), (7000, "2026-02-20")]


def test_a_top_up_is_asked_for_when_the_balance_falls_below_its_trigger(
    backend: str,
    contexts: Contexts,
    customer: dict[str, str],
    ledger: str,
    clock: FrozenClock,
    catch_up: Callable[[], int],
) -> None:
    # given: top up £20 whenever the balance is below £10; the balance is £0
    direct_debit(contexts, customer, ledger)
    top_up_schedule(contexts, customer, ledger, threshold=1000, amount=2000)
    catch_up()
    # when: the job runs twice the same day
    sent = [collect_due_schedules(contexts, date(2026, 1, 15)), collect_due_schedules(contexts, date(2026, 1, 15))]
    catch_up()  # the collection actors submit the payment; the sandbox settles it; the ledger is credited
    # then
    assert sent == [1, 0]
    assert scheduled_payments(contexts, customer) == [(2000, "2026-01-15")]
    assert contexts.read.ledgers.ledger(ledger)["balance"] == 2000  # type: ignore[index]
    # and once a bill takes the balance below the trigger again, the next day tops up again
    owe(contexts, ledger, 1500)
    catch_up()
    assert collect_due_schedules(contexts, on(clock, date(2026, 1, 16))) == 1


def test_no_new_top_up_while_the_last_one_is_unsettled(
    contexts: Contexts, customer: dict[str, str], ledger: str, clock: FrozenClock, catch_up: Callable[[], int]
) -> None:
    # given: a top-up the sandbox never settles
    direct_debit(contexts, customer, ledger)
    top_up_schedule(contexts, customer, ledger, threshold=1000, amount=1000 + NEVER_SETTLES_ENDING)
    catch_up()
    assert collect_due_schedules(contexts, date(2026, 1, 15)) == 1
    catch_up()
    [payment] = contexts.read.payments.of_account(customer["account_number"])
    assert payment["status"] == "SUBMITTED"
    # when / then: the balance is still low the next day, but the top-up is on its way
    assert collect_due_schedules(contexts, on(clock, date(2026, 1, 16))) == 0


def test_a_schedule_whose_instruction_was_invalidated_is_left_due(
    contexts: Contexts, customer: dict[str, str], ledger: str, clock: FrozenClock, catch_up: Callable[[], int]
) -> None:
    instruction = direct_debit(contexts, customer, ledger)
    top_up_schedule(contexts, customer, ledger)
    contexts.payments.invalidate_payment_instruction(
        commands.InvalidatePaymentInstruction(
            account_number=customer["account_number"], instruction_id=str(instruction.number)
        )
    )
    catch_up()
    assert collect_due_schedules(contexts, date(2026, 1, 15)) == 0
    assert contexts.read.schedules.due_top_ups(date(2026, 1, 15)) != []
