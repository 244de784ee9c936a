"""Contribution agreements: an account gives a fixed amount to a scheme every month or quarter.

Periods run from `active_from` by the interval, each computed from `active_from` itself (the 31st
gives the last day of shorter months without drifting). A period is fulfilled once it has ended: the
scheduler records it here (`PeriodFulfilled`), and the payments context reacts to that event with one
charge of the amount on the account's main ledger. Only whole periods are charged: a period cut short
by `active_to` or by ending the agreement is neither charged nor listed, so ending stops every charge
for a period that has not ended yet.

`SchemeContributions` lives at an id derived from (account, scheme) and lists the agreements made
there: creating an agreement saves it too, so two overlapping agreements made at once cannot both be
saved (the second decides again and sees the first).
"""

from __future__ import annotations

import calendar
import enum
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid4, uuid5

from eventsourcing.domain import Aggregate, event

from domain.loyalty.ledger import LOYALTY


class ContributionInterval(enum.StrEnum):
    MONTHLY = "MONTHLY"
    QUARTERLY = "QUARTERLY"

    @property
    def months(self) -> int:
        return 1 if self is ContributionInterval.MONTHLY else 3


def add_months(at: datetime, months: int) -> datetime:
    """The same time `months` later, on the month's last day when it is shorter."""
    index = at.year * 12 + at.month - 1 + months
    year, month = divmod(index, 12)
    return at.replace(year=year, month=month + 1, day=min(at.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class Period:
    period_from: datetime
    period_to: datetime


def period_at(active_from: datetime, interval: ContributionInterval, index: int) -> Period:
    """The `index`th period (from 0) of an agreement starting at `active_from`."""
    return Period(
        add_months(active_from, index * interval.months), add_months(active_from, (index + 1) * interval.months)
    )


def earlier(first: datetime | None, second: datetime | None) -> datetime | None:
    """The earlier of two ends, where None is no end at all."""
    if first is None:
        return second
    if second is None:
        return first
    return min(first, second)


class ContributionAgreement(Aggregate):
    @classmethod
    def make(
        cls,
        account_number: str,
        scheme_code: str,
        interval: ContributionInterval,
        amount: int,
        active_from: datetime,
        active_to: datetime | None,
        made_by: str,
        at: datetime,
    ) -> ContributionAgreement:
        return cls._create(
            cls.Made,
            id=uuid4(),
            account_number=account_number,
            scheme_code=scheme_code,
            interval=interval.value,
            amount=amount,
            active_from=active_from,
            active_to=active_to,
            made_by=made_by,
            made_at=at,
        )

    class Made(Aggregate.Created):
        account_number: str
        scheme_code: str
        interval: str
        amount: int
        active_from: datetime
        active_to: datetime | None
        made_by: str
        made_at: datetime

    @event(Made)
    def __init__(
        self,
        account_number: str,
        scheme_code: str,
        interval: str,
        amount: int,
        active_from: datetime,
        active_to: datetime | None,
        made_by: str,
        made_at: datetime,
    ) -> None:
        self.account_number, self.scheme_code = account_number, scheme_code
        self.interval = ContributionInterval(interval)
        self.amount = amount
        self.active_from, self.active_to = active_from, active_to
        self.made_at = made_at
        self.end_at: datetime | None = None
        self.fulfilled: list[Period] = []
        self.confirmation_sent = False

    @property
    def agreement_id(self) -> UUID:
        return self.id

    @property
    def ends_at(self) -> datetime | None:
        """When the agreement stops: its agreed end, or the end it was given, whichever is earlier."""
        return earlier(self.active_to, self.end_at)

    def overlaps(self, active_from: datetime, active_to: datetime | None) -> bool:
        ends = self.ends_at
        return (ends is None or active_from < ends) and (active_to is None or self.active_from < active_to)

    def next_period(self) -> Period | None:
        """The next period to fulfil, or None when no whole period is left before the end."""
        period = period_at(self.active_from, self.interval, len(self.fulfilled))
        ends = self.ends_at
        return None if ends is not None and period.period_to > ends else period

    def fulfil_ended_periods(self, now: datetime, at_most: int) -> int:
        """Records every whole period that has ended by `now` (at most `at_most`); returns how many."""
        count = 0
        while count < at_most and (period := self.next_period()) is not None and period.period_to <= now:
            self._fulfil(
                account_number=self.account_number,
                scheme_code=self.scheme_code,
                period_from=period.period_from,
                period_to=period.period_to,
                amount=self.amount,
                fulfilled_at=now,
            )
            count += 1
        return count

    class PeriodFulfilled(Aggregate.Event):
        account_number: str
        scheme_code: str
        period_from: datetime
        period_to: datetime
        amount: int
        fulfilled_at: datetime

    @event(PeriodFulfilled)
    def _fulfil(
        self,
        account_number: str,
        scheme_code: str,
        period_from: datetime,
        period_to: datetime,
        amount: int,
        fulfilled_at: datetime,
    ) -> None:
        self.fulfilled.append(Period(period_from, period_to))

    def ended(self, now: datetime) -> bool:
        """Ended once: an end was given, or the agreed end has passed."""
        return self.end_at is not None or (self.active_to is not None and self.active_to <= now)

    def end(self, end_at: datetime, at: datetime) -> None:
        self._end(end_at=end_at, ended_at=at)

    class Ended(Aggregate.Event):
        end_at: datetime
        ended_at: datetime

    @event(Ended)
    def _end(self, end_at: datetime, ended_at: datetime) -> None:
        self.end_at = end_at

    def record_confirmation_sent(self, at: datetime) -> bool:
        if self.confirmation_sent:
            return False
        self._record_confirmation_sent(sent_at=at)
        return True

    class ConfirmationSent(Aggregate.Event):
        sent_at: datetime

    @event(ConfirmationSent)
    def _record_confirmation_sent(self, sent_at: datetime) -> None:
        self.confirmation_sent = True


class SchemeContributions(Aggregate):
    """The agreements an account made with one scheme, so that no two of them run at once."""

    @staticmethod
    def id_for(account_number: str, scheme_code: str) -> UUID:
        return uuid5(LOYALTY, f"scheme-contributions:{account_number}:{scheme_code}")

    @classmethod
    def open(cls, account_number: str, scheme_code: str) -> SchemeContributions:
        return cls._create(
            cls.Opened,
            id=cls.id_for(account_number, scheme_code),
            account_number=account_number,
            scheme_code=scheme_code,
        )

    class Opened(Aggregate.Created):
        account_number: str
        scheme_code: str

    @event(Opened)
    def __init__(self, account_number: str, scheme_code: str) -> None:
        self.account_number, self.scheme_code = account_number, scheme_code
        self.agreement_ids: list[UUID] = []

    def add(self, agreement_id: UUID) -> None:
        self._add(agreement_id=agreement_id)

    class AgreementAdded(Aggregate.Event):
        agreement_id: UUID

    @event(AgreementAdded)
    def _add(self, agreement_id: UUID) -> None:
        self.agreement_ids.append(agreement_id)
