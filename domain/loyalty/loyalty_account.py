"""The LoyaltyAccount aggregate: an account's enrolment in the loyalty programme and its points user."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.loyalty.ledger import LOYALTY


class LoyaltyAccount(Aggregate):
    """Lives at an id derived from the account number, so an account can only be enrolled once.

    The loyalty points user is the account user whose ledger collects the account's points.
    """

    @staticmethod
    def id_for(account_number: str) -> UUID:
        return uuid5(LOYALTY, f"account:{account_number}")

    @classmethod
    def enrol(cls, account_number: str, points_user_id: UUID, enrolled_at: datetime) -> LoyaltyAccount:
        return cls._create(
            cls.Enrolled,
            id=cls.id_for(account_number),
            account_number=account_number,
            points_user_id=points_user_id,
            enrolled_at=enrolled_at,
        )

    class Enrolled(Aggregate.Created):
        account_number: str
        points_user_id: UUID
        enrolled_at: datetime

    @event(Enrolled)
    def __init__(self, account_number: str, points_user_id: UUID, enrolled_at: datetime) -> None:
        self.account_number = account_number
        self.points_user_id = points_user_id
        self.enrolled_at = enrolled_at

    def change_points_user(self, new_user_id: UUID, at: datetime) -> None:
        # Naming the current points user again is a retry of a change already made: nothing to record.
        if new_user_id == self.points_user_id:
            return
        self._change_points_user(
            account_number=self.account_number,
            previous_user_id=self.points_user_id,
            new_user_id=new_user_id,
            changed_at=at,
        )

    @event("PointsUserChanged")
    def _change_points_user(
        self, account_number: str, previous_user_id: UUID, new_user_id: UUID, changed_at: datetime
    ) -> None:
        self.points_user_id = new_user_id
