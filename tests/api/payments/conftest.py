"""Fixtures of the payments API tests: the customer's token and main ledger, and a stranger's account."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.payments.ledger import main_ledger_number
from ops import runtime
from tests.api.loyalty.conftest import register, token_for


@pytest.fixture
def token(contexts: runtime.Contexts, customer: dict[str, str]) -> str:
    """Ada's Kraken Token."""
    return token_for(contexts, customer["email"])


@pytest.fixture
def ledger(contexts: runtime.Contexts, customer: dict[str, str], catch_up: Callable[[], int]) -> str:
    """The number of Ada's main ledger, opened by the payments context once it saw her account."""
    catch_up()
    assert contexts.payments.ledger_of(customer["account_number"]) is not None
    return main_ledger_number(customer["account_number"])


@pytest.fixture
def stranger(contexts: runtime.Contexts, catch_up: Callable[[], int]) -> dict[str, str]:
    """Another customer: their account, its main ledger and their token."""
    account = contexts.accounts.open_account("Charles Babbage")
    user_id = register(contexts, "charles@example.com", "Charles Babbage", account.number)
    catch_up()
    return {
        "user_id": user_id,
        "account_number": account.number,
        "ledger": main_ledger_number(account.number),
        "token": token_for(contexts, "charles@example.com"),
    }


@pytest.fixture
def ledger_id(contexts: runtime.Contexts) -> Callable[[str], str]:
    """The integer ID of a ledger, as a client sends it, from its number."""

    def of(number: str) -> str:
        ledger = contexts.payments.ledger(number)
        assert ledger is not None, number
        return str(ledger.ledger_id)

    return of
