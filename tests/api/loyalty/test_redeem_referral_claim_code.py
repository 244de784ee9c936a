"""redeemReferralClaimCode: a partner's claim code, redeemed once, credits the account through payments."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from domain.loyalty import commands
from domain.loyalty.referral import Referral
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.loyalty.conftest import token_for
from tests.domain.loyalty.referrals import PARTNER, customer_of, ledger_entries, partner_scheme
from tests.helpers import GraphQL, refused_with

REDEEM = """
mutation RedeemReferralClaimCode($input: RedeemReferralClaimCodeInput!) {
  redeemReferralClaimCode(input: $input) { success }
}
"""


@pytest.fixture
def ada(contexts: Contexts) -> dict[str, str]:
    ada = customer_of(contexts, "Ada Lovelace", "ada@example.com")
    return {**ada, "token": token_for(contexts, "ada@example.com")}


def issue(contexts: Contexts, scheme: str = PARTNER, count: int = 1) -> list[str]:
    return contexts.loyalty.issue_claim_codes(commands.IssueClaimCodes(scheme_code=scheme, count=count))


def redeem(gql: GraphQL, token: str | None, account_number: str, code: str) -> dict[str, Any]:
    return gql(REDEEM, {"input": {"accountNumber": account_number, "code": code}}, token=token)


def test_a_claim_code_is_redeemed_and_credited(
    backend: str, gql: GraphQL, contexts: Contexts, ada: dict[str, str], catch_up: Callable[[], int]
) -> None:
    # given
    partner_scheme(contexts)
    [code] = issue(contexts)
    # when
    body = redeem(gql, ada["token"], ada["account_number"], code)
    catch_up()
    # then
    assert body == {"data": {"redeemReferralClaimCode": {"success": True}}}
    referral_id = Referral.id_for_claim_code(code)
    assert ledger_entries(contexts, ada["account_number"]) == [(1500, f"referral:{referral_id}:referred")]


def test_another_customers_account_is_kt_ct_6723(gql: GraphQL, contexts: Contexts, ada: dict[str, str]) -> None:
    partner_scheme(contexts)
    [code] = issue(contexts)
    bob = customer_of(contexts, "Bob Kahn", "bob@example.com")
    refused_with(redeem(gql, ada["token"], bob["account_number"], code), "KT-CT-6723")


def test_an_unknown_code_is_kt_ct_6724(gql: GraphQL, contexts: Contexts, ada: dict[str, str]) -> None:
    partner_scheme(contexts)
    refused_with(redeem(gql, ada["token"], ada["account_number"], "AAAA-BBBB-CCCC"), "KT-CT-6724")
    refused_with(redeem(gql, ada["token"], ada["account_number"], "A" * 65), "KT-CT-6724")


def test_a_code_redeemed_already_is_kt_ct_6726(gql: GraphQL, contexts: Contexts, ada: dict[str, str]) -> None:
    partner_scheme(contexts)
    [code] = issue(contexts)
    redeem(gql, ada["token"], ada["account_number"], code)
    refused_with(redeem(gql, ada["token"], ada["account_number"], code), "KT-CT-6726")


def test_a_code_whose_scheme_has_not_started_or_has_ended_is_kt_ct_6727(
    gql: GraphQL, contexts: Contexts, ada: dict[str, str], clock: FrozenClock
) -> None:
    now = clock.now()
    partner_scheme(contexts, code="LATER", starts_at=now + timedelta(days=1))
    partner_scheme(contexts, code="OVER", starts_at=now - timedelta(days=5), ends_at=now - timedelta(days=1))
    for scheme in ("LATER", "OVER"):
        [code] = issue(contexts, scheme)
        refused_with(redeem(gql, ada["token"], ada["account_number"], code), "KT-CT-6727")


def test_an_unexpected_failure_is_kt_ct_6725(
    gql: GraphQL, contexts: Contexts, ada: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    partner_scheme(contexts)
    [code] = issue(contexts)

    def broken() -> None:
        raise RuntimeError("the catalogue cannot be read")

    monkeypatch.setattr(contexts.loyalty, "referral_schemes", broken)
    refused_with(redeem(gql, ada["token"], ada["account_number"], code), "KT-CT-6725")


def test_more_than_five_a_minute_is_kt_ct_1199(
    gql: GraphQL, contexts: Contexts, ada: dict[str, str], clock: FrozenClock
) -> None:
    partner_scheme(contexts)
    codes = issue(contexts, count=6)
    for code in codes[:5]:
        assert redeem(gql, ada["token"], ada["account_number"], code)["data"]["redeemReferralClaimCode"]["success"]
    refused_with(redeem(gql, ada["token"], ada["account_number"], codes[5]), "KT-CT-1199")
    clock.advance(timedelta(minutes=1, seconds=1))
    assert redeem(gql, ada["token"], ada["account_number"], codes[5])["data"]["redeemReferralClaimCode"]["success"]


def test_without_a_token_it_is_kt_ct_1112(gql: GraphQL, ada: dict[str, str]) -> None:
    refused_with(redeem(gql, None, ada["account_number"], "AAAA-BBBB-CCCC"), "KT-CT-1112")
