"""What the read models say is held back or still to come matches the write model: the credit a
ledger's open repayment requests reserve (LedgerRepayments) and its payments not yet settled."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.payments.ledger import main_ledger_number
from domain.payments.payment import PaymentStatus
from domain.payments.repayment_request import LedgerRepayments
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.payments.paying import payments_of_every_status
from tests.api.payments.repaying import repayments_in_every_state


@pytest.fixture
def ledger(contexts: Contexts, customer: dict, catch_up: Callable[[], int]) -> str:
    """Ada's main ledger, opened once the payments context saw her account."""
    catch_up()
    return main_ledger_number(customer["account_number"])


def test_the_credit_held_back_is_what_the_ledger_s_open_requests_reserve(
    backend: str,
    contexts: Contexts,
    customer: dict,
    ledger: str,
    clock: FrozenClock,
    catch_up: Callable[[], int],
) -> None:
    # given requests in every state, two of them still holding credit back
    repayments_in_every_state(contexts, customer, ledger, clock, catch_up)
    # then
    book: LedgerRepayments = contexts.payments.load(LedgerRepayments.id_for(ledger))
    assert contexts.read.repayments.reserved([ledger, "L-NOTHING1"]) == [book.outstanding, 0]
    assert book.outstanding == 2500 + 600


def test_the_payments_outstanding_are_those_not_settled(
    backend: str,
    contexts: Contexts,
    customer: dict,
    ledger: str,
    clock: FrozenClock,
    catch_up: Callable[[], int],
) -> None:
    numbers = payments_of_every_status(contexts, customer, ledger, clock, catch_up)
    written = [contexts.payments.payment(number) for number in numbers.values()]
    unsettled = sum(
        p.amount for p in written if p is not None and p.status in (PaymentStatus.REQUESTED, PaymentStatus.SUBMITTED)
    )
    assert contexts.read.payments.outstanding([ledger]) == [unsettled] == [1600 + 1700 + 1408]
