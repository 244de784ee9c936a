"""Helpers of the property tests: a home for an account, and who may see or change it."""

from __future__ import annotations

from datetime import date

from domain.accounts import commands
from ops import runtime
from tests.api.loyalty.conftest import register, token_for


def home(
    contexts: runtime.Contexts, account_number: str, occupied_from: date | None = None, line1: str = "1 Mill Lane"
) -> str:
    """Registers a property at a Derby address that the account occupies (from today by default); its id."""
    registered = contexts.accounts.register_property(
        commands.RegisterProperty(
            account_number=account_number,
            lines=(line1, "Little Eaton"),
            locality="Derby",
            postcode="de21 5ab",
            occupied_from=occupied_from,
        )
    )
    return registered.property_id


def customer_token(contexts: runtime.Contexts, email: str, name: str) -> tuple[str, str]:
    """Another customer with an account of their own: their account number and token."""
    number = contexts.accounts.open_account(name).number
    register(contexts, email, name, number)
    return number, token_for(contexts, email)
