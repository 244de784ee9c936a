"""Campaigns and the accounts in them (answers `account { campaigns }`, `activeCampaignOffers` and the
operators' `kraken loyalty campaign list`). Dates are ISO text: compared as text, they compare as dates
on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.loyalty.campaign import AccountCampaign, Campaign
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks

_CAMPAIGN_COLUMNS = ("slug", "name", "start_date", "expiry_date")
_MEMBER_COLUMNS = ("account_number", "slug", "name", "start_date", "expiry_date", "campaign_expiry_date")


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


class CampaignsProjection(Projection):
    name = "loyalty_campaigns"
    upstream = "loyalty"
    topics = (get_topic(Campaign.Added), get_topic(AccountCampaign.Joined))
    tables = ("loyalty_campaigns", "account_campaigns")

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS loyalty_campaigns (slug TEXT PRIMARY KEY, name TEXT NOT NULL, "
            "start_date TEXT NOT NULL, expiry_date TEXT)"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS account_campaigns (account_number TEXT NOT NULL, slug TEXT NOT NULL, "
            "start_date TEXT NOT NULL, expiry_date TEXT, joined_at TEXT NOT NULL, PRIMARY KEY (account_number, slug))"
        )

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        for e in events:
            if isinstance(e, Campaign.Added):
                cursor.execute(
                    "INSERT INTO loyalty_campaigns (slug, name, start_date, expiry_date) VALUES (%s, %s, %s, %s)",
                    (e.slug, e.name, e.start_date.isoformat(), e.expiry_date.isoformat() if e.expiry_date else None),
                )
            elif isinstance(e, AccountCampaign.Joined):
                cursor.execute(
                    "INSERT INTO account_campaigns (account_number, slug, start_date, expiry_date, joined_at) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    (
                        e.account_number,
                        e.slug,
                        e.start_date.isoformat(),
                        e.expiry_date.isoformat() if e.expiry_date else None,
                        e.joined_at.isoformat(),
                    ),
                )


class CampaignsView:
    projection: ClassVar[type[Projection]] = CampaignsProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def campaigns(self) -> list[dict[str, Any]]:
        """Every campaign, by slug."""
        rows = self.store.rows(f"SELECT {', '.join(_CAMPAIGN_COLUMNS)} FROM loyalty_campaigns ORDER BY slug")
        return [_campaign(row) for row in rows]

    def of_accounts(self, account_numbers: Sequence[str]) -> list[list[dict[str, Any]]]:
        """Each account's campaigns, in the order it joined them, with the campaign's name and expiry."""
        if not account_numbers:
            return []
        rows = self.store.rows(
            "SELECT a.account_number, a.slug, c.name, a.start_date, a.expiry_date, c.expiry_date "
            "FROM account_campaigns a JOIN loyalty_campaigns c ON c.slug = a.slug "
            f"WHERE a.account_number IN ({marks(account_numbers)}) ORDER BY a.joined_at, a.slug",
            tuple(account_numbers),
        )
        found: dict[str, list[dict[str, Any]]] = {number: [] for number in account_numbers}
        for row in rows:
            member = dict(zip(_MEMBER_COLUMNS, row, strict=True))
            for key in ("start_date", "expiry_date", "campaign_expiry_date"):
                member[key] = _day(member[key])
            found[member["account_number"]].append(member)
        return [found[number] for number in account_numbers]

    def offers(self, today: date, account_numbers: Sequence[str]) -> list[list[dict[str, Any]]]:
        """For each account, the campaigns running today that it has not joined, by slug."""
        if not account_numbers:
            return []
        day = today.isoformat()
        running = [
            _campaign(row)
            for row in self.store.rows(
                f"SELECT {', '.join(_CAMPAIGN_COLUMNS)} FROM loyalty_campaigns "
                "WHERE start_date <= %s AND (expiry_date IS NULL OR expiry_date >= %s) ORDER BY slug",
                (day, day),
            )
        ]
        joined: dict[str, set[str]] = {number: set() for number in account_numbers}
        for number, slug in self.store.rows(
            f"SELECT account_number, slug FROM account_campaigns WHERE account_number IN ({marks(account_numbers)})",
            tuple(account_numbers),
        ):
            joined[number].add(slug)
        return [[c for c in running if c["slug"] not in joined[number]] for number in account_numbers]


def _campaign(row: Sequence[Any]) -> dict[str, Any]:
    campaign = dict(zip(_CAMPAIGN_COLUMNS, row, strict=True))
    campaign["start_date"], campaign["expiry_date"] = _day(campaign["start_date"]), _day(campaign["expiry_date"])
    return campaign
