"""Fixtures of the loyalty API tests: a second user on the customer's account, a stranger, tokens."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from uuid import UUID

import msgspec
import pytest
from litestar.testing import TestClient

from domain.identity import commands as identity
from domain.loyalty import commands
from domain.shared.clock import FrozenClock
from ops import runtime
from ops.runtime import create_app
from settings import Settings
from tests.conftest import PASSWORD
from tests.helpers import GraphQL


def token_for(contexts: runtime.Contexts, email: str) -> str:
    command = identity.ObtainKrakenToken(client="test", email=email, password=PASSWORD)
    return contexts.identity.obtain_kraken_token(command).token


def register(contexts: runtime.Contexts, email: str, name: str, account_number: str) -> str:
    given, family = name.split()
    user_id = contexts.identity.register_user(
        identity.RegisterUser(
            email=email, password=PASSWORD, given_name=given, family_name=family, account_numbers=(account_number,)
        )
    )
    return str(user_id)


def award(contexts: runtime.Contexts, user_id: str, account_number: str, points: int) -> None:
    contexts.loyalty.award_points(
        commands.AwardPoints(
            user_id=UUID(user_id), account_number=account_number, points=points, reason_code="SIGN_UP_BONUS"
        )
    )


@pytest.fixture
def token(contexts: runtime.Contexts, customer: dict[str, str]) -> str:
    """Ada's Kraken Token."""
    return token_for(contexts, customer["email"])


@pytest.fixture
def grace(contexts: runtime.Contexts, customer: dict[str, str]) -> dict[str, str]:
    """A second user of Ada's account."""
    user_id = register(contexts, "grace@example.com", "Grace Hopper", customer["account_number"])
    return {"user_id": user_id, "token": token_for(contexts, "grace@example.com")}


@pytest.fixture
def stranger(contexts: runtime.Contexts) -> dict[str, str]:
    """Another customer: their account and its user."""
    account = contexts.accounts.open_account("Charles Babbage")
    user_id = register(contexts, "charles@example.com", "Charles Babbage", account.number)
    return {"user_id": user_id, "account_number": account.number}


@contextmanager
def served(settings: Settings, clock: FrozenClock, **changes: object) -> Iterator[GraphQL]:
    """The API of a server configured differently, over the same event stores as `contexts`."""
    changed = msgspec.structs.replace(settings, **changes)
    contexts = runtime.build(changed, clock)
    try:
        with TestClient(create_app(changed, contexts)) as client:
            yield GraphQL(client)
    finally:
        contexts.close()
