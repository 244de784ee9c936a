"""The referral read side: `account { referrals referralsCreated rewards activeReferralSchemes brand }`
and `validateReferralClaimCode`, through HTTP."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest

from domain.loyalty import commands
from domain.loyalty.referral_commands import ReferralSettings
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.loyalty.conftest import token_for
from tests.domain.loyalty.referrals import PARTNER, customer_of, friend_scheme, partner_scheme
from tests.helpers import GraphQL, refused_with
from workers.loyalty.referrals import pay_due_referral_rewards

ACCOUNT = """
query Referrals($number: String!, $first: Int, $after: String) {
  account(accountNumber: $number) {
    brand
    referralsCreated
    referrals(first: $first, after: $after) {
      totalCount edgeCount pageInfo { hasNextPage endCursor }
      edges { node { id code schemeType referredUserName referredUserJoinDate paymentStatus paymentDate
        referredUserPaymentAmount referringUserPaymentAmount combinedPaymentAmount } }
    }
    rewards { schemeType rewardAmount paymentStatus paymentDate }
    activeReferralSchemes { domestic { referralUrl referralDisplayUrl code referrerRewardAmount
      referredRewardAmount combinedRewardAmount loyaltyPointsBonus canBeReferred referrerGivenName schemeType } }
  }
}
"""
VALIDATE = """
query Validate($value: String!) {
  validateReferralClaimCode(value: $value) {
    id value createdAt referralScheme { schemeType referredRewardAmount } accountReferral { schemeType paymentStatus }
  }
}
"""


@pytest.fixture
def ada(contexts: Contexts) -> dict[str, str]:
    ada = customer_of(contexts, "Ada Lovelace", "ada@example.com")
    return {**ada, "token": token_for(contexts, "ada@example.com")}


def friends(contexts: Contexts, clock: FrozenClock, count: int) -> list[dict[str, str]]:
    """`count` friends, each referred by Ada, a minute apart."""
    made = []
    for n in range(count):
        friend = customer_of(contexts, f"Friend{n} Doe", f"friend{n}@example.com")
        contexts.loyalty.create_referral(
            commands.CreateReferral(account_number=friend["account_number"], reference="ada@example.com")
        )
        clock.advance(timedelta(minutes=1))
        made.append(friend)
    return made


def read(gql: GraphQL, token: str, number: str, **variables: Any) -> dict[str, Any]:
    body = gql(ACCOUNT, {"number": number, **variables}, token=token)
    assert "errors" not in body, body
    return dict(body["data"]["account"])


def test_the_referrer_sees_its_referrals_newest_first_page_by_page(
    backend: str, gql: GraphQL, contexts: Contexts, ada: dict[str, str], catch_up: Callable[[], int], clock: FrozenClock
) -> None:
    # given
    friend_scheme(contexts)
    made = friends(contexts, clock, 3)
    catch_up()
    # when
    first = read(gql, ada["token"], ada["account_number"], first=2)
    cursor = first["referrals"]["pageInfo"]["endCursor"]
    rest = read(gql, ada["token"], ada["account_number"], first=2, after=cursor)
    # then
    assert first["referralsCreated"] == 3 and first["referrals"]["totalCount"] == 3
    names = [e["node"]["referredUserName"] for e in first["referrals"]["edges"] + rest["referrals"]["edges"]]
    assert names == ["Friend2", "Friend1", "Friend0"]
    assert first["referrals"]["pageInfo"]["hasNextPage"] is True and rest["referrals"]["edgeCount"] == 1
    node = first["referrals"]["edges"][0]["node"]
    assert node["schemeType"] == "REFERRAL_REWARD" and node["paymentStatus"] == "Paid"
    assert node["paymentDate"] == contexts.loyalty.clock.now().date().isoformat()
    assert (node["referredUserPaymentAmount"], node["referringUserPaymentAmount"], node["combinedPaymentAmount"]) == (
        2500,
        5000,
        7500,
    )
    assert node["code"] == contexts.loyalty.referral_code(ada["account_number"])
    assert node["referredUserJoinDate"] is not None
    assert (
        first["rewards"]
        == [
            {
                "schemeType": "REFERRAL_REWARD",
                "rewardAmount": 5000,
                "paymentStatus": "Paid",
                "paymentDate": "2026-01-15",
            }
        ]
        * 3
    )
    # The referred side sees its own reward.
    friend = read(gql, token_for(contexts, "friend0@example.com"), made[0]["account_number"])
    assert friend["referralsCreated"] == 0 and friend["referrals"]["edges"] == []
    assert [r["rewardAmount"] for r in friend["rewards"]] == [2500]


def test_rewards_are_pending_until_they_fall_due_and_are_paid(
    gql: GraphQL, contexts: Contexts, ada: dict[str, str], clock: FrozenClock, catch_up: Callable[[], int]
) -> None:
    contexts.loyalty.referral_settings = ReferralSettings(reward_delay=timedelta(days=7))
    friend_scheme(contexts)
    friends(contexts, clock, 1)
    catch_up()
    pending = read(gql, ada["token"], ada["account_number"])
    assert pending["rewards"] == [
        {"schemeType": "REFERRAL_REWARD", "rewardAmount": 5000, "paymentStatus": "Pending", "paymentDate": None}
    ]
    clock.advance(timedelta(days=7))
    assert pay_due_referral_rewards(contexts, clock.now().date()) == 1
    catch_up()
    paid = read(gql, token_for(contexts, "ada@example.com"), ada["account_number"])
    assert [(r["paymentStatus"], r["paymentDate"]) for r in paid["rewards"]] == [("Paid", "2026-01-22")]


def test_the_active_friend_scheme_carries_the_personal_link(
    gql: GraphQL, contexts: Contexts, ada: dict[str, str], catch_up: Callable[[], int]
) -> None:
    friend_scheme(contexts, points_bonus=300)
    catch_up()
    account = read(gql, ada["token"], ada["account_number"])
    code = contexts.loyalty.referral_code(ada["account_number"])
    assert account["brand"] == "SEVERN_TRENT"
    assert account["activeReferralSchemes"]["domestic"] == {
        "referralUrl": f"http://127.0.0.1:8000/refer/{code}",
        "referralDisplayUrl": f"127.0.0.1:8000/refer/{code}",
        "code": code,
        "referrerRewardAmount": 5000,
        "referredRewardAmount": 2500,
        "combinedRewardAmount": 7500,
        "loyaltyPointsBonus": 300,
        "canBeReferred": True,
        "referrerGivenName": "Ada",
        "schemeType": "REFERRAL_REWARD",
    }


def test_no_domestic_scheme_while_none_is_open(
    gql: GraphQL, contexts: Contexts, ada: dict[str, str], catch_up: Callable[[], int]
) -> None:
    catch_up()
    assert read(gql, ada["token"], ada["account_number"])["activeReferralSchemes"] == {"domestic": None}


def test_a_referred_account_can_no_longer_be_referred(
    gql: GraphQL, contexts: Contexts, ada: dict[str, str], catch_up: Callable[[], int], clock: FrozenClock
) -> None:
    friend_scheme(contexts)
    [friend] = friends(contexts, clock, 1)
    catch_up()
    account = read(gql, token_for(contexts, "friend0@example.com"), friend["account_number"])
    assert account["activeReferralSchemes"]["domestic"]["canBeReferred"] is False


def test_a_claim_code_is_validated_and_shows_its_referral_to_its_redeemer_only(
    gql: GraphQL, contexts: Contexts, ada: dict[str, str], catch_up: Callable[[], int]
) -> None:
    partner_scheme(contexts)
    [code, other] = contexts.loyalty.issue_claim_codes(commands.IssueClaimCodes(scheme_code=PARTNER, count=2))
    contexts.loyalty.redeem_referral_claim_code(
        commands.RedeemReferralClaimCode(account_number=ada["account_number"], code=code, user_id=UUID(ada["user_id"]))
    )
    catch_up()
    found = gql(VALIDATE, {"value": code.lower()}, token=ada["token"])["data"]["validateReferralClaimCode"]
    assert found["value"] == code and isinstance(found["id"], int) and found["createdAt"]
    assert found["referralScheme"] == {"schemeType": "PARTNER_REWARD", "referredRewardAmount": 1500}
    assert found["accountReferral"] == {"schemeType": "PARTNER_REWARD", "paymentStatus": "Paid"}
    customer_of(contexts, "Bob Kahn", "bob@example.com")
    bob = token_for(contexts, "bob@example.com")
    assert gql(VALIDATE, {"value": code}, token=bob)["data"]["validateReferralClaimCode"]["accountReferral"] is None
    assert gql(VALIDATE, {"value": other}, token=bob)["data"]["validateReferralClaimCode"]["accountReferral"] is None
    assert gql(VALIDATE, {"value": "NOPE-NOPE-NOPE"}, token=bob) == {"data": {"validateReferralClaimCode": None}}


def test_validating_needs_a_login_and_is_rate_limited(gql: GraphQL, contexts: Contexts, ada: dict[str, str]) -> None:
    refused_with(gql(VALIDATE, {"value": "AAAA-BBBB-CCCC"}), "KT-CT-1112")
    for _ in range(5):
        assert (
            gql(VALIDATE, {"value": "AAAA-BBBB-CCCC"}, token=ada["token"])["data"]["validateReferralClaimCode"] is None
        )
    refused_with(gql(VALIDATE, {"value": "AAAA-BBBB-CCCC"}, token=ada["token"]), "KT-CT-1199")


def test_another_customers_account_is_refused(gql: GraphQL, contexts: Contexts, ada: dict[str, str]) -> None:
    bob = customer_of(contexts, "Bob Kahn", "bob@example.com")
    refused_with(gql(ACCOUNT, {"number": bob["account_number"]}, token=ada["token"]), "KT-CT-1111")
