"""Test helper: repayment requests in every state, requested, approved, paid out and settled as
they really are (the payout worker and the sandbox provider run inline on catching up)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from domain.payments import commands
from domain.shared.clock import FrozenClock
from projections.catalogue import PROJECTIONS
from projections.contexts import Contexts
from projections.projection import ViewFollower
from tests.api.payments.funds import fund
from workers.payments.sandbox import DECLINED_ENDING, NEVER_SETTLES_ENDING

# Every request waits for an operator but those asked to be approved at once.
AT_ONCE, WAITS = 10_000_000, 0
CREDIT = 50_000


def request(contexts: Contexts, customer: dict[str, str], ledger: str, amount: int, auto_approve_limit: int) -> int:
    """A cheque of `amount` asked for out of `ledger`'s credit; its number."""
    made = contexts.payments.submit_repayment_request(
        commands.SubmitRepaymentRequest(
            account_number=customer["account_number"],
            amount=amount,
            idempotency_key=f"refund-{amount}",
            method="CHEQUE",
            reason="MOVED_OUT",
            ledger_number=ledger,
            auto_approve_limit=auto_approve_limit,
        )
    )
    return made.number


def project_only(contexts: Contexts) -> None:
    """Brings the payments read models up to date, but not the workers: an approved request stays
    approved, its payout not started."""
    for projection in PROJECTIONS:
        if projection.upstream == "payments":
            ViewFollower(projection(), contexts.payments, contexts.read.store).run_once()


def repayments_in_every_state(
    contexts: Contexts, customer: dict[str, str], ledger: str, clock: FrozenClock, catch_up: Callable[[], int]
) -> dict[str, int]:
    """Out of £500 of credit on Ada's main ledger, a minute apart: on 15 January three cheques
    approved at once, paid out on the 16th (one paid, one declined, one the provider never
    settles); on the 17th one cancelled by Ada, one rejected by an operator, one awaiting approval
    and one approved whose payout has not started. Their numbers by state."""
    fund(contexts, ledger, CREDIT)
    numbers: dict[str, int] = {}
    for state, amount in (("PAID", 1000), ("FAILED", 1000 + DECLINED_ENDING), ("PAYING", 1000 + NEVER_SETTLES_ENDING)):
        numbers[state] = request(contexts, customer, ledger, amount, AT_ONCE)
        clock.advance(timedelta(minutes=1))
    clock.advance(timedelta(days=1))
    catch_up()
    clock.advance(timedelta(days=1))
    for state, amount, limit in (("CANCELLED", 700, WAITS), ("REJECTED", 800, WAITS), ("REQUESTED", 2500, WAITS)):
        numbers[state] = request(contexts, customer, ledger, amount, limit)
        clock.advance(timedelta(minutes=1))
    contexts.payments.cancel_repayment_request(
        commands.CancelRepaymentRequest(account_number=customer["account_number"], request_id=str(numbers["CANCELLED"]))
    )
    contexts.payments.reject_repayment_request(str(numbers["REJECTED"]), "duplicate")
    catch_up()
    numbers["APPROVED"] = request(contexts, customer, ledger, 600, AT_ONCE)
    project_only(contexts)
    return numbers
