"""Helpers of the house move tests: the sign-up document, a vacant property, and what a new customer reads."""

from __future__ import annotations

from typing import Any

from eventsourcing.utils import get_topic

from domain.accounts import commands
from domain.accounts.property import new_property_id
from domain.supply.house_move import HouseMove
from domain.supply.lifecycle_process import LifecycleProcess
from ops import runtime
from tests.helpers import GraphQL

SIGN_UP = """
mutation MoveIn($input: MoveInCreateCustomerInput!) { moveInCreateCustomer(input: $input) { accountNumber } }
"""
LOG_IN = """
mutation LogIn($email: String!, $password: String!) {
  obtainKrakenToken(input: {email: $email, password: $password}) { token }
}
"""
MOVES = """
query Moves($number: String!) {
  viewer { accounts { number } }
  account(accountNumber: $number) {
    number cotReadingWindowDays
    properties { id postcode occupancyPeriods { effectiveFrom effectiveTo isOccupier } }
  }
}
"""
NEW_PASSWORD = "correct horse battery staple"


def vacant(contexts: runtime.Contexts, line1: str = "7 Vacant Row", postcode: str = "DE22 3XY") -> str:
    """A property registered at a Derby address that nobody occupies; its id."""
    home = contexts.accounts.register_property_at(
        commands.RegisterPropertyAt(property_id=new_property_id(), lines=(line1, "Derby"), postcode=postcode)
    )
    return home.property_id


def sign_up_input(**changes: Any) -> dict[str, Any]:
    given = {
        "givenName": "Mary",
        "familyName": "Somerville",
        "email": "mary@example.com",
        "password": NEW_PASSWORD,
        "mobile": "07700 900456",
        "moveInDate": "2026-01-15",
    }
    return {key: value for key, value in {**given, **changes}.items() if value is not None}


def sign_up(gql: GraphQL, **changes: Any) -> dict[str, Any]:
    return gql(SIGN_UP, {"input": sign_up_input(**changes)})


def log_in(gql: GraphQL, email: str, password: str = NEW_PASSWORD) -> str:
    body = gql(LOG_IN, {"email": email, "password": password})
    assert "errors" not in body, body
    token: str = body["data"]["obtainKrakenToken"]["token"]
    return token


def started(contexts: runtime.Contexts) -> list[tuple[str, str, str | None]]:
    """The kind, account and property of every lifecycle process the supply store holds."""
    notices = contexts.supply.recorder.select_notifications(
        start=1, limit=1000, topics=[get_topic(LifecycleProcess.Started)]
    )
    events = [contexts.supply.mapper.to_domain_event(n) for n in notices]
    return [(e.kind, e.account_number, e.property_id) for e in events]


def recorded_moves(contexts: runtime.Contexts) -> list[tuple[str, str, str]]:
    """The kind, account and property of every house move the supply store holds."""
    notices = contexts.supply.recorder.select_notifications(start=1, limit=1000, topics=[get_topic(HouseMove.Recorded)])
    events = [contexts.supply.mapper.to_domain_event(n) for n in notices]
    return [(e.kind, e.account_number, e.property_id) for e in events]


def recorded(app: Any, event: type[Any]) -> int:
    """How many events of this kind the application's store holds."""
    return len(app.recorder.select_notifications(start=1, limit=10_000, topics=[get_topic(event)]))
