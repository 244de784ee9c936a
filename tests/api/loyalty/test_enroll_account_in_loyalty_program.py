"""enrollAccountInLoyaltyProgram: an account joins the programme once, with a user of its own as points user."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from settings import Settings
from tests.api.loyalty.conftest import served
from tests.helpers import GraphQL, refused_with

ENROLL = """
mutation EnrollAccountInLoyaltyProgram($input: EnrollAccountInLoyaltyProgramInput!) {
  enrollAccountInLoyaltyProgram(input: $input) { outcome { hasEnrolled } }
}
"""


def enroll(gql: GraphQL, token: str | None, **input: str) -> dict[str, Any]:
    return gql(ENROLL, {"input": input}, token=token)


def test_the_viewer_enrols_their_account_and_becomes_its_points_user(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str
) -> None:
    # when
    body = enroll(gql, token, accountNumber=customer["account_number"])
    # then
    assert body == {"data": {"enrollAccountInLoyaltyProgram": {"outcome": {"hasEnrolled": True}}}}
    enrolled = contexts.loyalty.account(customer["account_number"])
    assert enrolled is not None and enrolled.points_user_id == UUID(customer["user_id"])
    assert contexts.loyalty.ledger(UUID(customer["user_id"])) is not None


def test_the_viewer_can_enrol_another_user_of_the_account(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], grace: dict[str, str], token: str
) -> None:
    body = enroll(gql, token, accountNumber=customer["account_number"], accountUserId=grace["user_id"])
    assert body["data"]["enrollAccountInLoyaltyProgram"]["outcome"]["hasEnrolled"] is True
    enrolled = contexts.loyalty.account(customer["account_number"])
    assert enrolled is not None and enrolled.points_user_id == UUID(grace["user_id"])


def test_without_an_authorization_header_it_is_kt_ct_1112(gql: GraphQL, customer: dict[str, str]) -> None:
    refused_with(enroll(gql, None, accountNumber=customer["account_number"]), "KT-CT-1112")


def test_another_customer_s_account_is_kt_ct_1111(
    gql: GraphQL, contexts: Contexts, stranger: dict[str, str], token: str
) -> None:
    refused_with(enroll(gql, token, accountNumber=stranger["account_number"]), "KT-CT-1111")
    assert contexts.loyalty.account(stranger["account_number"]) is None


def test_an_account_already_enrolled_is_kt_ct_9213(
    gql: GraphQL, customer: dict[str, str], grace: dict[str, str], token: str
) -> None:
    # given
    enroll(gql, token, accountNumber=customer["account_number"])
    # when / then
    refused_with(enroll(gql, grace["token"], accountNumber=customer["account_number"]), "KT-CT-9213")


@pytest.mark.parametrize("who", ["stranger", "not-an-id"])
def test_a_user_who_is_not_on_the_account_is_kt_ct_9213(
    gql: GraphQL, customer: dict[str, str], stranger: dict[str, str], token: str, who: str
) -> None:
    user_id = stranger["user_id"] if who == "stranger" else who
    refused_with(enroll(gql, token, accountNumber=customer["account_number"], accountUserId=user_id), "KT-CT-9213")


def test_an_unexpected_failure_is_kt_ct_9210(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a loyalty event store that fails
    def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("the event store went away")

    monkeypatch.setattr(contexts.loyalty.repository, "get", broken)
    # when / then
    refused_with(enroll(gql, token, accountNumber=customer["account_number"]), "KT-CT-9210")


def test_disabled_by_configuration_it_is_kt_ct_1113(
    settings: Settings, clock: FrozenClock, customer: dict[str, str], token: str
) -> None:
    with served(settings, clock, disabled_mutations="enrollAccountInLoyaltyProgram") as gql:
        refused_with(enroll(gql, token, accountNumber=customer["account_number"]), "KT-CT-1113")
