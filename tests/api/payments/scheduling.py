"""Test helpers for the schedule mutations: schedules as the domain and operators create them."""

from __future__ import annotations

from domain.payments import commands
from domain.payments.ledger import EntryKind, Ledger
from domain.payments.payment_schedule import Schedule
from projections.contexts import Contexts


def fixed_schedule(
    contexts: Contexts, customer: dict[str, str], ledger: str, day: int = 20, amount: int = 5000
) -> Schedule:
    """A direct debit schedule of `amount` on `day`, starting on that day's next occurrence."""
    return contexts.payments.create_direct_debit_payment_schedule(
        commands.CreateDirectDebitPaymentSchedule(
            account_number=customer["account_number"], ledger_number=ledger, payment_day=day, payment_amount=amount
        )
    )


def top_up_schedule(
    contexts: Contexts, customer: dict[str, str], ledger: str, threshold: int = 1000, amount: int = 2000
) -> Schedule:
    return contexts.payments.create_auto_top_up_schedule(
        commands.CreateAutoTopUpSchedule(
            account_number=customer["account_number"], ledger_number=ledger, trigger_threshold=threshold, amount=amount
        )
    )


def plan_schedule(contexts: Contexts, customer: dict[str, str], ledger: str, day: int = 3) -> Schedule:
    return contexts.payments.create_plan_schedule(
        commands.CreatePlanSchedule(
            account_number=customer["account_number"], ledger_number=ledger, payment_day=day, amount=2500
        )
    )


def owe(contexts: Contexts, ledger_number: str, amount: int) -> None:
    """Charges the ledger `amount`, as an issued bill would."""
    payments = contexts.payments
    ledger: Ledger = payments.load(Ledger.id_for(ledger_number))
    ledger.post(
        EntryKind.CHARGE,
        -amount,
        reason_code="BILL",
        source="test",
        posted_at=payments.clock.now(),
        limit=payments.limits.ledger_balance,
    )
    payments.save(ledger)
