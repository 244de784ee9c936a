"""A token from a pre-signed key reaches only what its scope allows; a full login reaches everything."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

import pytest

from domain.identity import commands
from domain.loyalty import commands as loyalty
from projections.contexts import Contexts
from tests.helpers import GraphQL, error_codes

OBTAIN = "mutation($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token } }"
REDEEM = """
mutation($input: RedeemLoyaltyPointsInput!) { redeemLoyaltyPointsForAccountCredit(input: $input) { pointsRedeemed } }
"""
FORCE = "mutation { forceReauthentication(input: {includeThirdParties: false}) { tokensInvalidated } }"
POINTS = "{ loyaltyPointLedgers { value } }"
VIEWER = "{ viewer { email } }"


def scoped_token(gql: GraphQL, contexts: Contexts, email: str, scope: str) -> str:
    key_id = contexts.identity.send_pre_signed_token_email(
        commands.SendPreSignedTokenEmail(client="test", email=email, scope=scope)
    )
    assert key_id is not None
    key = contexts.identity.pre_signed_keys.key_for(key_id)
    return str(gql(OBTAIN, {"input": {"preSignedKey": key}})["data"]["obtainKrakenToken"]["token"])


@pytest.fixture
def points(contexts: Contexts, customer: dict) -> None:
    ada, number = UUID(customer["user_id"]), customer["account_number"]
    contexts.loyalty.enroll_account_in_loyalty_program(
        loyalty.EnrollAccountInLoyaltyProgram(viewer_id=ada, account_number=number)
    )
    contexts.loyalty.award_points(loyalty.AwardPoints(user_id=ada, account_number=number, points=80, reason_code="X"))


def test_a_redeem_scoped_token_redeems_and_sees_its_points_but_nothing_else(
    gql: GraphQL, contexts: Contexts, customer: dict, points: None, catch_up: Callable[[], int]
) -> None:
    # given
    token = scoped_token(gql, contexts, customer["email"], "REDEEM_LOYALTY_POINTS")
    redeem = {"input": {"accountNumber": customer["account_number"], "points": 16}}
    # then what the scope allows works
    assert gql(REDEEM, redeem, token=token)["data"]["redeemLoyaltyPointsForAccountCredit"] == {"pointsRedeemed": 16}
    catch_up()
    assert gql(POINTS, token=token)["data"]["loyaltyPointLedgers"] == [{"value": "80"}, {"value": "16"}]
    # and nothing else does
    assert error_codes(gql(FORCE, token=token)) == ["KT-CT-1111"]
    assert error_codes(gql(VIEWER, token=token)) == ["KT-CT-1111"]


def test_a_token_of_another_scope_cannot_redeem(gql: GraphQL, contexts: Contexts, customer: dict, points: None) -> None:
    token = scoped_token(gql, contexts, customer["email"], "SUBMIT_METER_READINGS")
    redeem = {"input": {"accountNumber": customer["account_number"], "points": 16}}
    body = gql(REDEEM, redeem, token=token)
    assert body["data"]["redeemLoyaltyPointsForAccountCredit"] is None
    assert error_codes(body) == ["KT-CT-1111"]
    assert error_codes(gql(POINTS, token=token)) == ["KT-CT-1111"]
