"""Test helper: payments in every state a customer can see, made and settled as they really are."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from domain.payments import commands
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.payments.collecting import direct_debit
from workers.payments.sandbox import DECLINED_ENDING, NEVER_SETTLES_ENDING

TODAY = date(2026, 1, 15)  # the frozen clock's


def collect(contexts: Contexts, customer: dict[str, str], ledger: str, amount: int, day: date) -> int:
    """A payment of `amount` asked for on `day` (by direct debit when it is today); its number."""
    today = contexts.payments.clock.now().date()
    payment = contexts.payments.collect_payment(
        commands.CollectPayment(
            account_number=customer["account_number"],
            amount=amount,
            payment_date=day,
            description="Water",
            idempotency_key=f"pay-{amount}-{day.isoformat()}",
            collection_method="DIRECT_DEBIT" if day == today else None,
            ledger_number=ledger,
        )
    )
    return payment.number


def payments_of_every_status(
    contexts: Contexts, customer: dict[str, str], ledger: str, clock: FrozenClock, catch_up: Callable[[], int]
) -> dict[str, int]:
    """Six payments on Ada's main ledger, a minute apart, read a day later (16 January), by the
    status Kraken shows: collected on the 15th (cleared, declined, still with the provider), one due
    on the 16th not yet submitted, one for the 20th cancelled by an operator, one for the 25th."""
    direct_debit(contexts, customer, ledger)
    numbers: dict[str, int] = {}
    for status, amount, day in (
        ("CLEARED", 1000, TODAY),
        ("FAILED", 1000 + DECLINED_ENDING, TODAY),
        ("PENDING", 1000 + NEVER_SETTLES_ENDING, TODAY),
        ("REQUESTED", 1700, TODAY + timedelta(days=1)),
        ("DELETED", 1500, TODAY + timedelta(days=5)),
        ("SCHEDULED", 1600, TODAY + timedelta(days=10)),
    ):
        numbers[status] = collect(contexts, customer, ledger, amount, day)
        clock.advance(timedelta(minutes=1))
    contexts.payments.cancel_payment(numbers["DELETED"], "no longer needed")
    catch_up()
    # The next day: the payment due then waits for the scheduler, which has not run yet.
    clock.advance(timedelta(days=1))
    return numbers
