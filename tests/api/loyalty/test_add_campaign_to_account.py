"""addCampaignToAccount: an account joins a campaign by its slug, once; and the campaigns read side."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from domain.loyalty.campaign import AccountCampaign
from domain.loyalty.campaign_commands import AddCampaign
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from settings import Settings
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.loyalty.conftest import served
from tests.helpers import GraphQL, refused_with

TODAY = date(2026, 1, 15)
ADD = """
mutation AddCampaignToAccount($input: AddCampaignToAccountInput!) {
  addCampaignToAccount(input: $input) { campaignAdded }
}
"""
CAMPAIGNS = """
query Campaigns($number: String!) {
  account(accountNumber: $number) { campaigns { name slug startDate expiryDate campaignExpiryDate } }
  activeCampaignOffers(accountNumber: $number) { name slug expiryDate }
}
"""


def add(gql: GraphQL, token: str | None, account_number: str, slug: str) -> dict[str, Any]:
    return gql(ADD, {"input": {"accountNumber": account_number, "campaign": slug}}, token=token)


@pytest.fixture
def challenge(contexts: Contexts) -> str:
    contexts.loyalty.add_campaign(
        AddCampaign(
            slug="water-saving-challenge",
            name="Water-saving challenge",
            start_date=TODAY - timedelta(days=1),
            expiry_date=TODAY + timedelta(days=90),
        )
    )
    contexts.loyalty.add_campaign(AddCampaign(slug="leak-hunt", name="Leak hunt", start_date=TODAY))
    return "water-saving-challenge"


def test_an_account_joins_a_campaign_once_and_sees_it(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    challenge: str,
    catch_up: Callable[[], int],
) -> None:
    number = customer["account_number"]
    # when added twice
    first, second = add(gql, token, number, challenge), add(gql, token, number, challenge)
    # then it joined once, and recorded one event
    assert first == {"data": {"addCampaignToAccount": {"campaignAdded": True}}}
    assert second == {"data": {"addCampaignToAccount": {"campaignAdded": False}}}
    assert contexts.loyalty.load(AccountCampaign.id_for(number, challenge)).version == 1
    catch_up()
    body = gql(CAMPAIGNS, {"number": number}, token=token)
    assert body == {
        "data": {
            "account": {
                "campaigns": [
                    {
                        "name": "Water-saving challenge",
                        "slug": challenge,
                        "startDate": "2026-01-15",
                        "expiryDate": "2026-04-15",
                        "campaignExpiryDate": "2026-04-15",
                    }
                ]
            },
            "activeCampaignOffers": [{"name": "Leak hunt", "slug": "leak-hunt", "expiryDate": None}],
        }
    }


def test_an_expired_campaign_answers_false(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str
) -> None:
    contexts.loyalty.add_campaign(
        AddCampaign(slug="winter-2025", name="Winter 2025", start_date=date(2025, 11, 1), expiry_date=date(2026, 1, 1))
    )
    body = add(gql, token, customer["account_number"], "winter-2025")
    assert body == {"data": {"addCampaignToAccount": {"campaignAdded": False}}}


@pytest.mark.parametrize("slug", ["no-such-campaign", "x" * 65])
def test_an_unknown_slug_is_kt_ct_7427(gql: GraphQL, customer: dict[str, str], token: str, slug: str) -> None:
    refused_with(add(gql, token, customer["account_number"], slug), "KT-CT-7427")


def test_another_customer_s_account_is_kt_ct_4123(
    gql: GraphQL, stranger: dict[str, str], token: str, challenge: str
) -> None:
    refused_with(add(gql, token, stranger["account_number"], challenge), "KT-CT-4123")


def test_another_customer_s_offers_are_kt_ct_1111(gql: GraphQL, stranger: dict[str, str], token: str) -> None:
    body = gql(
        "query($n: String!) { activeCampaignOffers(accountNumber: $n) { slug } }",
        {"n": stranger["account_number"]},
        token=token,
    )
    assert body["data"]["activeCampaignOffers"] is None and [e["extensions"]["errorCode"] for e in body["errors"]] == [
        "KT-CT-1111"
    ]


def test_a_bad_token_is_kt_ct_1111(gql: GraphQL, customer: dict[str, str], challenge: str) -> None:
    refused_with(add(gql, "not-a-token", customer["account_number"], challenge), "KT-CT-1111")


def test_without_an_authorization_header_it_is_kt_ct_1112(
    gql: GraphQL, customer: dict[str, str], challenge: str
) -> None:
    refused_with(add(gql, None, customer["account_number"], challenge), "KT-CT-1112")


def test_disabled_by_configuration_it_is_kt_ct_1113(
    settings: Settings, clock: FrozenClock, customer: dict[str, str], token: str, challenge: str
) -> None:
    with served(settings, clock, disabled_mutations="addCampaignToAccount") as gql:
        refused_with(add(gql, token, customer["account_number"], challenge), "KT-CT-1113")


def test_an_organisation_naming_an_account_that_does_not_exist_is_kt_ct_4123(
    gql: GraphQL, contexts: Contexts, challenge: str
) -> None:
    org_token = organisation_token(gql, organisation(contexts)[1])
    refused_with(add(gql, org_token, "A-NOSUCH00", challenge), "KT-CT-4123")
    assert contexts.loyalty.find(AccountCampaign.id_for("A-NOSUCH00", challenge)) is None
