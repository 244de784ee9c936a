"""The loyalty context's campaign commands: the operators' catalogue of campaigns and
addCampaignToAccount. The commands are declared here, with the topic they belong to."""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec

from domain.loyalty.campaign import AccountCampaign, Campaign
from domain.loyalty.errors import CampaignNotFound
from domain.loyalty.referral_directory import ReferralDirectory
from domain.shared.application import ContextApplication
from domain.shared.catalogue import AccountAccessDenied

MAX_SLUG, MAX_CAMPAIGN_NAME = 64, 150


class AddCampaign(msgspec.Struct, frozen=True, kw_only=True):
    """Not a Kraken mutation: operators add a campaign to the catalogue."""

    slug: str
    name: str
    start_date: date
    expiry_date: date | None = None


class AddCampaignToAccount(msgspec.Struct, frozen=True, kw_only=True):
    """addCampaignToAccount: the account joins the campaign named by its slug."""

    account_number: str
    campaign: str


class CampaignCommands(ContextApplication):
    # Who has an account: an organisation may name any number.
    directory: ReferralDirectory

    def add_campaign(self, command: AddCampaign) -> Campaign:
        """Adds a campaign; ValueError for a slug taken, or a malformed slug, name or expiry."""
        slug, name = command.slug.strip(), command.name.strip()
        if not slug or len(slug) > MAX_SLUG or not all(c.isalnum() or c in "-_" for c in slug):
            raise ValueError(f"A slug is 1 to {MAX_SLUG} letters, digits, '-' or '_'.")
        if not name or len(name) > MAX_CAMPAIGN_NAME:
            raise ValueError(f"A campaign's name is 1 to {MAX_CAMPAIGN_NAME} characters.")
        if command.expiry_date is not None and command.expiry_date < command.start_date:
            raise ValueError("A campaign cannot expire before it starts.")

        def decide() -> tuple[Campaign, list[Any]]:
            if self.campaign(slug) is not None:
                raise ValueError(f"There is already a campaign {slug!r}.")
            campaign = Campaign.add(slug, name, command.start_date, command.expiry_date, self.clock.now())
            return campaign, [campaign]

        return self.decide(decide)

    def add_campaign_to_account(self, command: AddCampaignToAccount) -> bool:
        """True if the account joined the campaign now; KT-CT-7427 for an unknown slug.

        False, recording nothing, if the account is in the campaign already or the campaign has
        expired (or has not started yet): there is nothing to add it to.
        """
        campaign = self.campaign(command.campaign) if len(command.campaign) <= MAX_SLUG else None
        if campaign is None:
            raise CampaignNotFound(f"No campaign has the slug {command.campaign[:MAX_SLUG]!r}.")

        if self.directory.brand_of(command.account_number) is None:
            raise AccountAccessDenied(f"No account has the number {command.account_number[:32]!r}.")

        def decide() -> tuple[bool, list[Any]]:
            at = self.clock.now()
            today = at.date()
            if campaign.expired_on(today) or today < campaign.start_date:
                return False, []
            if self.find(AccountCampaign.id_for(command.account_number, campaign.slug)) is not None:
                return False, []
            return True, [AccountCampaign.join(command.account_number, campaign, at)]

        return self.decide(decide)

    def campaign(self, slug: str) -> Campaign | None:
        found: Campaign | None = self.find(Campaign.id_for(slug))
        return found
