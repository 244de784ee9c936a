"""Campaigns: the catalogue, and adding an account to a campaign once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest

from domain.loyalty.campaign import AccountCampaign
from domain.loyalty.campaign_commands import AddCampaign, AddCampaignToAccount
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.domain.loyalty.numbered_accounts import numbered_accounts  # noqa: F401  (a fixture)
from tests.helpers import refused

TODAY = date(2026, 1, 15)


pytestmark = pytest.mark.usefixtures("numbered_accounts")


@pytest.fixture
def challenge(contexts: Contexts) -> str:
    contexts.loyalty.add_campaign(
        AddCampaign(slug="water-saving-challenge", name="Water-saving challenge", start_date=TODAY, expiry_date=None)
    )
    return "water-saving-challenge"


def test_an_account_joins_a_campaign_once(contexts: Contexts, challenge: str) -> None:
    # given an account not in the challenge; when it is added twice
    first = contexts.loyalty.add_campaign_to_account(AddCampaignToAccount(account_number="A-1", campaign=challenge))
    second = contexts.loyalty.add_campaign_to_account(AddCampaignToAccount(account_number="A-1", campaign=challenge))
    # then it joined the first time only, and one event was recorded
    assert (first, second) == (True, False)
    joined = contexts.loyalty.load(AccountCampaign.id_for("A-1", challenge))
    assert joined.version == 1 and joined.start_date == TODAY


def test_adding_at_once_from_many_requests_records_one(backend: str, contexts: Contexts, challenge: str) -> None:
    command = AddCampaignToAccount(account_number="A-2", campaign=challenge)
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: contexts.loyalty.add_campaign_to_account(command), range(8)))
    assert sorted(answers) == [False] * 7 + [True]


def test_an_unknown_slug_is_kt_ct_7427(contexts: Contexts) -> None:
    refused(
        "KT-CT-7427",
        contexts.loyalty.add_campaign_to_account,
        AddCampaignToAccount(account_number="A-1", campaign="nope"),
    )
    refused(
        "KT-CT-7427",
        contexts.loyalty.add_campaign_to_account,
        AddCampaignToAccount(account_number="A-1", campaign="x" * 500),
    )


def test_an_expired_or_future_campaign_answers_false(contexts: Contexts, clock: FrozenClock) -> None:
    contexts.loyalty.add_campaign(
        AddCampaign(
            slug="old", name="Old", start_date=TODAY - timedelta(days=30), expiry_date=TODAY - timedelta(days=1)
        )
    )
    contexts.loyalty.add_campaign(AddCampaign(slug="later", name="Later", start_date=TODAY + timedelta(days=1)))
    for slug in ("old", "later"):
        assert (
            contexts.loyalty.add_campaign_to_account(AddCampaignToAccount(account_number="A-1", campaign=slug)) is False
        )
        assert contexts.loyalty.find(AccountCampaign.id_for("A-1", slug)) is None


def test_the_catalogue_refuses_a_taken_or_malformed_slug(contexts: Contexts, challenge: str) -> None:
    for slug, name in ((challenge, "Again"), ("has space", "Name"), ("ok", ""), ("x" * 65, "Name")):
        with pytest.raises(ValueError):
            contexts.loyalty.add_campaign(AddCampaign(slug=slug, name=name, start_date=TODAY))
    with pytest.raises(ValueError):
        contexts.loyalty.add_campaign(
            AddCampaign(slug="backwards", name="B", start_date=TODAY, expiry_date=TODAY - timedelta(days=1))
        )
