"""setLoyaltyPointsUser: which user of an enrolled account collects its loyalty points."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from domain.loyalty import commands
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from settings import Settings
from tests.api.loyalty.conftest import served
from tests.helpers import GraphQL, refused_with

SET_USER = """
mutation SetLoyaltyPointsUser($input: SetLoyaltyPointsUserInput!) {
  setLoyaltyPointsUser(input: $input) { newLoyaltyPointsUserId }
}
"""


def set_user(gql: GraphQL, token: str | None, account_number: str, user_id: str) -> dict[str, Any]:
    variables = {"input": {"accountNumber": account_number, "newLoyaltyPointsUserId": user_id}}
    return gql(SET_USER, variables, token=token)


@pytest.fixture
def enrolled(contexts: Contexts, customer: dict[str, str]) -> str:
    """Ada's account, enrolled with Ada as its points user."""
    contexts.loyalty.enroll_account_in_loyalty_program(
        commands.EnrollAccountInLoyaltyProgram(
            viewer_id=UUID(customer["user_id"]), account_number=customer["account_number"]
        )
    )
    return customer["account_number"]


def test_another_user_of_the_account_becomes_its_points_user(
    backend: str, gql: GraphQL, contexts: Contexts, enrolled: str, grace: dict[str, str], token: str
) -> None:
    # when
    body = set_user(gql, token, enrolled, grace["user_id"])
    # then
    assert body == {"data": {"setLoyaltyPointsUser": {"newLoyaltyPointsUserId": grace["user_id"]}}}
    account = contexts.loyalty.account(enrolled)
    assert account is not None and account.points_user_id == UUID(grace["user_id"])
    assert contexts.loyalty.ledger(UUID(grace["user_id"])) is not None


def test_without_an_authorization_header_it_is_kt_ct_1112(gql: GraphQL, enrolled: str, grace: dict[str, str]) -> None:
    # The seed does not list 1112 here; the mutation needs a viewer, so the gate's authentication errors apply.
    refused_with(set_user(gql, None, enrolled, grace["user_id"]), "KT-CT-1112")


def test_another_customer_s_account_is_kt_ct_1111(gql: GraphQL, stranger: dict[str, str], token: str) -> None:
    refused_with(set_user(gql, token, stranger["account_number"], stranger["user_id"]), "KT-CT-1111")


def test_an_account_not_enrolled_is_kt_ct_9214(
    gql: GraphQL, customer: dict[str, str], grace: dict[str, str], token: str
) -> None:
    refused_with(set_user(gql, token, customer["account_number"], grace["user_id"]), "KT-CT-9214")


@pytest.mark.parametrize("who", ["stranger", "not-an-id"])
def test_a_user_who_is_not_on_the_account_is_kt_ct_9214(
    gql: GraphQL, contexts: Contexts, enrolled: str, stranger: dict[str, str], token: str, who: str
) -> None:
    user_id = stranger["user_id"] if who == "stranger" else who
    refused_with(set_user(gql, token, enrolled, user_id), "KT-CT-9214")
    account = contexts.loyalty.account(enrolled)
    assert account is not None and str(account.points_user_id) != user_id


def test_an_unexpected_failure_is_kt_ct_9210(
    gql: GraphQL,
    contexts: Contexts,
    enrolled: str,
    grace: dict[str, str],
    token: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given
    def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("the event store went away")

    monkeypatch.setattr(contexts.loyalty.repository, "get", broken)
    # when / then
    refused_with(set_user(gql, token, enrolled, grace["user_id"]), "KT-CT-9210")


def test_disabled_by_configuration_it_is_kt_ct_1113(
    settings: Settings, clock: FrozenClock, enrolled: str, grace: dict[str, str], token: str
) -> None:
    with served(settings, clock, disabled_mutations="setLoyaltyPointsUser") as gql:
        refused_with(set_user(gql, token, enrolled, grace["user_id"]), "KT-CT-1113")
