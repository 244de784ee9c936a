"""createReferral: a new customer names who referred them, by email address, personal link or code."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from domain.loyalty.referral import Referral
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.loyalty.conftest import token_for
from tests.domain.loyalty.referrals import customer_of, friend_scheme, ledger_entries
from tests.helpers import GraphQL, refused_with

CREATE = """
mutation CreateReferral($input: CreateReferralInput!) {
  createReferral(input: $input) { referredAccountRewardAmount }
}
"""


@pytest.fixture
def ada(contexts: Contexts) -> dict[str, str]:
    """The referrer."""
    return customer_of(contexts, "Ada Lovelace", "ada@example.com")


@pytest.fixture
def bob(contexts: Contexts) -> dict[str, str]:
    """The friend Ada referred, with their token."""
    bob = customer_of(contexts, "Bob Kahn", "bob@example.com")
    return {**bob, "token": token_for(contexts, "bob@example.com")}


def create(gql: GraphQL, token: str | None, account_number: str, reference: str) -> dict[str, Any]:
    return gql(CREATE, {"input": {"accountNumber": account_number, "reference": reference}}, token=token)


def test_a_referral_by_link_answers_the_referred_reward_and_both_are_credited(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    ada: dict[str, str],
    bob: dict[str, str],
    catch_up: Callable[[], int],
) -> None:
    # given
    friend_scheme(contexts)
    link = contexts.loyalty.referral_link(contexts.loyalty.referral_code(ada["account_number"]))
    # when
    body = create(gql, bob["token"], bob["account_number"], link)
    catch_up()
    # then
    assert body == {"data": {"createReferral": {"referredAccountRewardAmount": 2500}}}
    referral_id = Referral.id_for_referred(bob["account_number"])
    assert ledger_entries(contexts, bob["account_number"]) == [(2500, f"referral:{referral_id}:referred")]
    assert ledger_entries(contexts, ada["account_number"]) == [(5000, f"referral:{referral_id}:referrer")]


def test_by_email_too(gql: GraphQL, contexts: Contexts, ada: dict[str, str], bob: dict[str, str]) -> None:
    friend_scheme(contexts)
    body = create(gql, bob["token"], bob["account_number"], "ada@example.com")
    assert body == {"data": {"createReferral": {"referredAccountRewardAmount": 2500}}}


def test_another_customers_account_is_kt_ct_6723(
    gql: GraphQL, contexts: Contexts, ada: dict[str, str], bob: dict[str, str]
) -> None:
    friend_scheme(contexts)
    carol = customer_of(contexts, "Carol Shaw", "carol@example.com")
    refused_with(create(gql, bob["token"], carol["account_number"], "ada@example.com"), "KT-CT-6723")


def test_an_unknown_reference_is_kt_ct_6712(gql: GraphQL, contexts: Contexts, bob: dict[str, str]) -> None:
    friend_scheme(contexts)
    refused_with(create(gql, bob["token"], bob["account_number"], "nobody@example.com"), "KT-CT-6712")
    refused_with(create(gql, bob["token"], bob["account_number"], "https://x.test/refer/NOSUCHCODE"), "KT-CT-6712")
    # Over-long input is refused by its bound with the same code.
    refused_with(create(gql, bob["token"], bob["account_number"], "x" * 3000), "KT-CT-6712")


def test_referring_oneself_is_kt_ct_6711(gql: GraphQL, contexts: Contexts, bob: dict[str, str]) -> None:
    friend_scheme(contexts)
    refused_with(create(gql, bob["token"], bob["account_number"], "bob@example.com"), "KT-CT-6711")


def test_a_referrer_of_another_brand_is_kt_ct_6713(gql: GraphQL, contexts: Contexts, bob: dict[str, str]) -> None:
    friend_scheme(contexts)
    customer_of(contexts, "Dai Jones", "dai@example.com", brand="HAFREN_DYFRDWY")
    refused_with(create(gql, bob["token"], bob["account_number"], "dai@example.com"), "KT-CT-6713")


def test_a_second_referral_or_a_closed_scheme_is_kt_ct_6710(
    gql: GraphQL, contexts: Contexts, ada: dict[str, str], bob: dict[str, str]
) -> None:
    # No friend scheme is open yet.
    refused_with(create(gql, bob["token"], bob["account_number"], "ada@example.com"), "KT-CT-6710")
    friend_scheme(contexts)
    create(gql, bob["token"], bob["account_number"], "ada@example.com")
    refused_with(create(gql, bob["token"], bob["account_number"], "ada@example.com"), "KT-CT-6710")


def test_without_a_token_it_is_kt_ct_1112(gql: GraphQL, bob: dict[str, str]) -> None:
    refused_with(create(gql, None, bob["account_number"], "ada@example.com"), "KT-CT-1112")


def test_guessing_references_is_limited_to_ten_an_hour_kt_ct_1199(
    gql: GraphQL, contexts: Contexts, ada: dict[str, str], bob: dict[str, str], clock: FrozenClock
) -> None:
    friend_scheme(contexts)
    for n in range(10):
        refused_with(create(gql, bob["token"], bob["account_number"], f"guess{n}@example.com"), "KT-CT-6712")
    refused_with(create(gql, bob["token"], bob["account_number"], "ada@example.com"), "KT-CT-1199")
    clock.advance(timedelta(hours=1))
    token = token_for(contexts, "bob@example.com")
    assert create(gql, token, bob["account_number"], "ada@example.com")["data"]["createReferral"] == {
        "referredAccountRewardAmount": 2500
    }
