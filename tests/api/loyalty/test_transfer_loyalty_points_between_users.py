"""transferLoyaltyPointsBetweenUsers: the viewer gives points to another user of the same account."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest

from domain.loyalty import commands
from domain.shared.clock import FrozenClock
from domain.shared.errors import KrakenError
from projections.contexts import Contexts
from settings import Settings
from tests.api.loyalty.conftest import award, served
from tests.helpers import GraphQL, refused_with

TRANSFER = """
mutation TransferLoyaltyPointsBetweenUsers($input: TransferLoyaltyPointsBetweenUsersInput!) {
  transferLoyaltyPointsBetweenUsers(input: $input) { pointsTransferred }
}
"""


def transfer(gql: GraphQL, token: str | None, account_number: str, to: str, points: int) -> dict[str, Any]:
    variables = {"input": {"accountNumber": account_number, "receivingUserId": to, "points": points}}
    return gql(TRANSFER, variables, token=token)


def balances(contexts: Contexts, *user_ids: str) -> list[int | None]:
    ledgers = [contexts.loyalty.ledger(UUID(user_id)) for user_id in user_ids]
    return [None if ledger is None else ledger.balance for ledger in ledgers]


def test_points_move_to_the_other_user_s_ledger(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict[str, str], grace: dict[str, str], token: str
) -> None:
    # given
    award(contexts, customer["user_id"], customer["account_number"], 50)
    # when
    body = transfer(gql, token, customer["account_number"], grace["user_id"], 30)
    # then
    assert body == {"data": {"transferLoyaltyPointsBetweenUsers": {"pointsTransferred": 30}}}
    assert balances(contexts, customer["user_id"], grace["user_id"]) == [20, 30]


def test_without_an_authorization_header_it_is_kt_ct_1112(
    gql: GraphQL, customer: dict[str, str], grace: dict[str, str]
) -> None:
    # The seed does not list 1112 here; the mutation needs a viewer, so the gate's authentication errors apply.
    refused_with(transfer(gql, None, customer["account_number"], grace["user_id"], 5), "KT-CT-1112")


def test_another_customer_s_account_is_kt_ct_1111(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], stranger: dict[str, str], token: str
) -> None:
    award(contexts, customer["user_id"], customer["account_number"], 50)
    refused_with(transfer(gql, token, stranger["account_number"], stranger["user_id"], 5), "KT-CT-1111")


@pytest.mark.parametrize("who", ["stranger", "not-an-id"])
def test_a_receiver_who_is_not_on_the_account_is_kt_ct_1111(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], stranger: dict[str, str], token: str, who: str
) -> None:
    award(contexts, customer["user_id"], customer["account_number"], 50)
    receiver = stranger["user_id"] if who == "stranger" else who
    refused_with(transfer(gql, token, customer["account_number"], receiver, 5), "KT-CT-1111")
    assert balances(contexts, customer["user_id"], stranger["user_id"]) == [50, None]


@pytest.mark.parametrize(("points", "code"), [(0, "KT-CT-9204"), (-5, "KT-CT-9204"), (51, "KT-CT-9205")])
def test_the_points_asked_for_are_checked(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    grace: dict[str, str],
    token: str,
    points: int,
    code: str,
) -> None:
    award(contexts, customer["user_id"], customer["account_number"], 50)
    refused_with(transfer(gql, token, customer["account_number"], grace["user_id"], points), code)
    assert balances(contexts, customer["user_id"], grace["user_id"]) == [50, None]


def test_a_transfer_to_oneself_is_kt_ct_1111_as_declared(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str
) -> None:
    # given
    award(contexts, customer["user_id"], customer["account_number"], 50)
    # when the viewer names themselves as the receiving user
    body = transfer(gql, token, customer["account_number"], customer["user_id"], 5)
    # then they may not receive: the code's own message, not one about the points asked for
    refused_with(body, "KT-CT-1111")
    assert body["errors"][0]["message"] == KrakenError.catalogue["KT-CT-1111"].message
    assert balances(contexts, customer["user_id"]) == [50]


def test_a_viewer_without_a_ledger_is_kt_ct_9205(
    gql: GraphQL, customer: dict[str, str], grace: dict[str, str], token: str
) -> None:
    refused_with(transfer(gql, token, customer["account_number"], grace["user_id"], 5), "KT-CT-9205")


def test_a_receiver_whose_latest_entry_is_later_is_kt_ct_9208(
    gql: GraphQL, contexts: Contexts, clock: FrozenClock, customer: dict[str, str], grace: dict[str, str], token: str
) -> None:
    # given the receiver's points were posted by a process whose clock is an hour ahead
    award(contexts, customer["user_id"], customer["account_number"], 50)
    clock.advance(timedelta(hours=1))
    award(contexts, grace["user_id"], customer["account_number"], 10)
    clock.advance(timedelta(hours=-1))
    # when / then nothing moves
    refused_with(transfer(gql, token, customer["account_number"], grace["user_id"], 5), "KT-CT-9208")
    assert balances(contexts, customer["user_id"], grace["user_id"]) == [50, 10]


def test_a_negative_balance_is_kt_ct_9209(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], grace: dict[str, str], token: str
) -> None:
    award(contexts, customer["user_id"], customer["account_number"], 10)
    contexts.loyalty.reverse_award(commands.ReverseAward(user_id=UUID(customer["user_id"]), points=20, reason_code="X"))
    refused_with(transfer(gql, token, customer["account_number"], grace["user_id"], 1), "KT-CT-9209")


def test_an_unexpected_failure_is_kt_ct_9210(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    grace: dict[str, str],
    token: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given
    award(contexts, customer["user_id"], customer["account_number"], 50)

    def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("the event store went away")

    monkeypatch.setattr(contexts.loyalty.repository, "get", broken)
    # when / then
    refused_with(transfer(gql, token, customer["account_number"], grace["user_id"], 5), "KT-CT-9210")


def test_disabled_by_configuration_it_is_kt_ct_1113(
    settings: Settings, clock: FrozenClock, customer: dict[str, str], grace: dict[str, str], token: str
) -> None:
    with served(settings, clock, disabled_mutations="transferLoyaltyPointsBetweenUsers") as gql:
        refused_with(transfer(gql, token, customer["account_number"], grace["user_id"], 5), "KT-CT-1113")
