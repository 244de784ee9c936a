"""redeemLoyaltyPointsForAccountCredit: the viewer's points become credit on one of their accounts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest

from domain.loyalty import commands
from domain.loyalty.ledger import LoyaltyLedger
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from settings import Settings
from tests.api.loyalty.conftest import award, served
from tests.helpers import GraphQL, refused_with

REDEEM = """
mutation RedeemLoyaltyPointsForAccountCredit($input: RedeemLoyaltyPointsInput!) {
  redeemLoyaltyPointsForAccountCredit(input: $input) { pointsRedeemed }
}
"""
ENROLL = """
mutation EnrollAccountInLoyaltyProgram($input: EnrollAccountInLoyaltyProgramInput!) {
  enrollAccountInLoyaltyProgram(input: $input) { outcome { hasEnrolled } }
}
"""


def redeem(gql: GraphQL, token: str | None, account_number: str, points: int) -> dict[str, Any]:
    return gql(REDEEM, {"input": {"accountNumber": account_number, "points": points}}, token=token)


def test_points_are_redeemed_as_credit_in_minor_units_on_the_account(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str
) -> None:
    # given
    award(contexts, customer["user_id"], customer["account_number"], 100)
    # when
    body = redeem(gql, token, customer["account_number"], 80)
    # then
    assert body == {"data": {"redeemLoyaltyPointsForAccountCredit": {"pointsRedeemed": 80}}}
    ledger = contexts.loyalty.ledger(UUID(customer["user_id"]))
    assert ledger is not None and ledger.balance == 20
    redeemed = list(contexts.loyalty.repository.event_store.get(ledger.id))[-1]
    assert isinstance(redeemed, LoyaltyLedger.PointsRedeemed)
    assert (redeemed.amount, redeemed.account_number) == (10, customer["account_number"])


def test_without_an_authorization_header_it_is_kt_ct_1112(gql: GraphQL, customer: dict[str, str]) -> None:
    # The seed does not list 1112 here; the mutation needs a viewer, so the gate's authentication errors apply.
    refused_with(redeem(gql, None, customer["account_number"], 8), "KT-CT-1112")


def test_another_customer_s_account_is_kt_ct_1111(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], stranger: dict[str, str], token: str
) -> None:
    award(contexts, customer["user_id"], customer["account_number"], 100)
    refused_with(redeem(gql, token, stranger["account_number"], 80), "KT-CT-1111")


def test_a_viewer_without_a_ledger_is_kt_ct_9201(gql: GraphQL, customer: dict[str, str], token: str) -> None:
    refused_with(redeem(gql, token, customer["account_number"], 8), "KT-CT-9201")


def test_a_server_without_a_points_conversion_is_kt_ct_9202(
    settings: Settings, clock: FrozenClock, contexts: Contexts, customer: dict[str, str], token: str
) -> None:
    award(contexts, customer["user_id"], customer["account_number"], 100)
    with served(settings, clock, loyalty_points_per_unit=0) as gql:
        refused_with(redeem(gql, token, customer["account_number"], 80), "KT-CT-9202")


def test_an_enrolled_ledger_without_entries_is_kt_ct_9203(gql: GraphQL, customer: dict[str, str], token: str) -> None:
    # given
    gql(ENROLL, {"input": {"accountNumber": customer["account_number"]}}, token=token)
    # when / then
    refused_with(redeem(gql, token, customer["account_number"], 8), "KT-CT-9203")


@pytest.mark.parametrize(
    ("points", "code"),
    [(0, "KT-CT-9204"), (-8, "KT-CT-9204"), (104, "KT-CT-9205"), (12, "KT-CT-9206")],
    ids=["zero", "negative", "more than the balance", "not whole units"],
)
def test_the_points_asked_for_are_checked(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, points: int, code: str
) -> None:
    award(contexts, customer["user_id"], customer["account_number"], 100)
    refused_with(redeem(gql, token, customer["account_number"], points), code)


def test_an_entry_posted_by_a_clock_running_ahead_is_kt_ct_9208(
    gql: GraphQL, contexts: Contexts, clock: FrozenClock, customer: dict[str, str], token: str
) -> None:
    # given points posted by a process whose clock is an hour ahead of this one
    clock.advance(timedelta(hours=1))
    award(contexts, customer["user_id"], customer["account_number"], 100)
    clock.advance(timedelta(hours=-1))
    # when / then
    refused_with(redeem(gql, token, customer["account_number"], 80), "KT-CT-9208")


def test_a_negative_balance_is_kt_ct_9209(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str
) -> None:
    # given an award clawed back after it was spent
    award(contexts, customer["user_id"], customer["account_number"], 16)
    redeem(gql, token, customer["account_number"], 16)
    contexts.loyalty.reverse_award(commands.ReverseAward(user_id=UUID(customer["user_id"]), points=16, reason_code="X"))
    award(contexts, customer["user_id"], customer["account_number"], 8)
    # when / then
    refused_with(redeem(gql, token, customer["account_number"], 8), "KT-CT-9209")


def test_an_unexpected_failure_is_kt_ct_9210(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given
    award(contexts, customer["user_id"], customer["account_number"], 100)

    def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("the event store went away")

    monkeypatch.setattr(contexts.loyalty.events, "put", broken)
    # when / then
    refused_with(redeem(gql, token, customer["account_number"], 80), "KT-CT-9210")


def test_disabled_by_configuration_it_is_kt_ct_1113(
    settings: Settings, clock: FrozenClock, customer: dict[str, str], token: str
) -> None:
    with served(settings, clock, disabled_mutations="redeemLoyaltyPointsForAccountCredit") as gql:
        refused_with(redeem(gql, token, customer["account_number"], 8), "KT-CT-1113")
