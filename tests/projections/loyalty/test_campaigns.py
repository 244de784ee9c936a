"""The campaigns read model: the catalogue, each account's campaigns, and the offers still open to it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from domain.loyalty.campaign_commands import AddCampaign, AddCampaignToAccount
from projections.contexts import Contexts
from tests.domain.loyalty.numbered_accounts import numbered_accounts  # noqa: F401  (a fixture)

TODAY = date(2026, 1, 15)

pytestmark = pytest.mark.usefixtures("numbered_accounts")


def test_campaigns_accounts_and_offers(backend: str, contexts: Contexts, catch_up: Callable[[], int]) -> None:
    # given a running challenge with an expiry, an open-ended one, an expired one and one not started
    add = contexts.loyalty.add_campaign
    add(AddCampaign(slug="leak-hunt", name="Leak hunt", start_date=TODAY, expiry_date=TODAY + timedelta(days=60)))
    add(AddCampaign(slug="save-water", name="Water-saving challenge", start_date=TODAY - timedelta(days=1)))
    add(AddCampaign(slug="old", name="Old", start_date=date(2025, 1, 1), expiry_date=date(2025, 12, 31)))
    add(AddCampaign(slug="later", name="Later", start_date=TODAY + timedelta(days=5)))
    # when A-1 joins the leak hunt
    contexts.loyalty.add_campaign_to_account(AddCampaignToAccount(account_number="A-1", campaign="leak-hunt"))
    catch_up()
    # then
    read = contexts.read.campaigns
    assert [c["slug"] for c in read.campaigns()] == ["later", "leak-hunt", "old", "save-water"]
    [joined], none = read.of_accounts(["A-1", "A-2"])
    assert none == [] and joined == {
        "account_number": "A-1",
        "slug": "leak-hunt",
        "name": "Leak hunt",
        "start_date": TODAY,
        "expiry_date": TODAY + timedelta(days=60),
        "campaign_expiry_date": TODAY + timedelta(days=60),
    }
    offers_a1, offers_a2 = read.offers(TODAY, ["A-1", "A-2"])
    assert [c["slug"] for c in offers_a1] == ["save-water"]
    assert [c["slug"] for c in offers_a2] == ["leak-hunt", "save-water"]
    assert read.offers(TODAY, []) == [] and read.of_accounts([]) == []
