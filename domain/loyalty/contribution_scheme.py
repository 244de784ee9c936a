"""Contribution schemes: the funds customers can give to through their bill (a community water fund,
a customer assistance fund), by code. A scheme can stop accepting new contributions at any time; the
agreements already made with it carry on."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.loyalty.ledger import LOYALTY


class ContributionScheme(Aggregate):
    @staticmethod
    def id_for(code: str) -> UUID:
        return uuid5(LOYALTY, f"contribution-scheme:{code}")

    @classmethod
    def add(cls, code: str, display_name: str, taxable: bool, at: datetime) -> ContributionScheme:
        return cls._create(
            cls.Added, id=cls.id_for(code), code=code, display_name=display_name, taxable=taxable, added_at=at
        )

    class Added(Aggregate.Created):
        code: str
        display_name: str
        taxable: bool
        added_at: datetime

    @event(Added)
    def __init__(self, code: str, display_name: str, taxable: bool, added_at: datetime) -> None:
        self.code, self.display_name, self.taxable = code, display_name, taxable
        self.accepting_contributions = True

    def close(self, at: datetime) -> bool:
        """Stops new agreements; False if it was closed already."""
        if not self.accepting_contributions:
            return False
        self._close(closed_at=at)
        return True

    class Closed(Aggregate.Event):
        closed_at: datetime

    @event(Closed)
    def _close(self, closed_at: datetime) -> None:
        self.accepting_contributions = False

    def reopen(self, at: datetime) -> bool:
        """Accepts new agreements again; False if it was open."""
        if self.accepting_contributions:
            return False
        self._reopen(reopened_at=at)
        return True

    class Reopened(Aggregate.Event):
        reopened_at: datetime

    @event(Reopened)
    def _reopen(self, reopened_at: datetime) -> None:
        self.accepting_contributions = True
