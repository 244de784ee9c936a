"""Fixtures of the accounts API tests: the customer's token and a home their account occupies."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.shared.clock import FrozenClock
from ops import runtime
from tests.api.accounts.homes import home
from tests.api.loyalty.conftest import token_for


@pytest.fixture
def token(contexts: runtime.Contexts, customer: dict[str, str]) -> str:
    """Ada's Kraken Token."""
    return token_for(contexts, customer["email"])


@pytest.fixture
def property_id(contexts: runtime.Contexts, customer: dict[str, str], clock: FrozenClock) -> str:
    """The home Ada's account has occupied for a month."""
    return home(contexts, customer["account_number"], clock.now().date() - timedelta(days=30))
