"""Campaigns: the catalogue of marketing campaigns by slug, and an account's place in one.

A `Campaign` lives at an id derived from its slug, so a slug names one campaign. An account joins a
campaign through an `AccountCampaign` at an id derived from the pair (account, slug): joining twice,
even from two requests at once, can only record the first (the second save conflicts, decides again
and finds it joined).
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.loyalty.ledger import LOYALTY


class Campaign(Aggregate):
    """A campaign customers can be added to, running from `start_date` until `expiry_date` (if any)."""

    @staticmethod
    def id_for(slug: str) -> UUID:
        return uuid5(LOYALTY, f"campaign:{slug}")

    @classmethod
    def add(cls, slug: str, name: str, start_date: date, expiry_date: date | None, at: datetime) -> Campaign:
        return cls._create(
            cls.Added,
            id=cls.id_for(slug),
            slug=slug,
            name=name,
            start_date=start_date,
            expiry_date=expiry_date,
            added_at=at,
        )

    class Added(Aggregate.Created):
        slug: str
        name: str
        start_date: date
        expiry_date: date | None
        added_at: datetime

    @event(Added)
    def __init__(self, slug: str, name: str, start_date: date, expiry_date: date | None, added_at: datetime) -> None:
        self.slug, self.name = slug, name
        self.start_date, self.expiry_date = start_date, expiry_date
        self.added_at = added_at

    def expired_on(self, day: date) -> bool:
        """A campaign runs through its expiry date and is over the day after."""
        return self.expiry_date is not None and day > self.expiry_date


class AccountCampaign(Aggregate):
    """An account's link to one campaign, from the day it joined until the campaign's expiry."""

    @staticmethod
    def id_for(account_number: str, slug: str) -> UUID:
        return uuid5(LOYALTY, f"account-campaign:{account_number}:{slug}")

    @classmethod
    def join(cls, account_number: str, campaign: Campaign, at: datetime) -> AccountCampaign:
        return cls._create(
            cls.Joined,
            id=cls.id_for(account_number, campaign.slug),
            account_number=account_number,
            slug=campaign.slug,
            start_date=at.date(),
            expiry_date=campaign.expiry_date,
            joined_at=at,
        )

    class Joined(Aggregate.Created):
        account_number: str
        slug: str
        start_date: date
        expiry_date: date | None
        joined_at: datetime

    @event(Joined)
    def __init__(
        self, account_number: str, slug: str, start_date: date, expiry_date: date | None, joined_at: datetime
    ) -> None:
        self.account_number, self.slug = account_number, slug
        self.start_date, self.expiry_date = start_date, expiry_date
        self.joined_at = joined_at
