"""Random histories of contribution agreements (made, ended, time passing, the scheduler fulfilling,
payments reacting and the same event delivered twice): every whole period that ended before its
agreement's end is charged exactly once, nothing else is, and every ledger's balance is the sum of
its entries."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError, Tracking
from hypothesis import event, given, settings
from hypothesis import strategies as st

from domain.loyalty.application import Loyalty
from domain.loyalty.contribution_agreement import ContributionAgreement, ContributionInterval, add_months
from domain.loyalty.contribution_commands import (
    AddContributionScheme,
    CreateContributionAgreement,
    EndContributionAgreement,
)
from domain.payments.application import Payments
from domain.payments.ledger import Ledger, main_ledger_number
from domain.shared.clock import FrozenClock
from domain.shared.errors import KrakenError

EXAMPLES = int(os.environ.get("KRAKEN_PROPERTY_EXAMPLES", "100"))
START = datetime(2026, 1, 31, 9, 30, tzinfo=UTC)
IN_MEMORY = {"PERSISTENCE_MODULE": "eventsourcing.popo"}
ACCOUNTS, SCHEMES = ("A-1", "A-2"), ("WATER_FUND", "ASSIST")


class NoMembers:
    def belongs_to(self, user_id: UUID, account_number: str) -> bool:
        return False


class TwoAccounts:
    def brand_of(self, account_number: str) -> str | None:
        return "SEVERN_TRENT" if account_number in ACCOUNTS else None

    def account_of_email(self, email: str) -> str | None:
        return None


create = st.tuples(
    st.just("create"),
    st.sampled_from(ACCOUNTS),
    st.sampled_from(SCHEMES),
    st.sampled_from(list(ContributionInterval)),
    st.integers(min_value=1, max_value=2000) | st.integers(min_value=-5, max_value=0),
    st.integers(min_value=0, max_value=60),
    st.none() | st.integers(min_value=1, max_value=400),
)
end = st.tuples(st.just("end"), st.integers(min_value=0, max_value=9), st.none() | st.integers(0, 200))
advance = st.tuples(st.just("advance"), st.integers(min_value=1, max_value=120))
steps = st.lists(
    st.one_of(create, advance, st.just(("fulfil",)), st.just(("react",)), create, advance, end), max_size=25
)


def entries(payments: Payments, account: str) -> Iterator[Ledger.Posted]:
    for stored in payments.repository.event_store.get(Ledger.id_for(main_ledger_number(account))):
        if isinstance(stored, Ledger.Posted):
            yield stored


def whole_periods(agreement: ContributionAgreement, now: datetime) -> int:
    """The test's own count: periods from activeFrom by the interval that ended by `now` and by the end."""
    ends = [at for at in (agreement.active_to, agreement.end_at, now) if at is not None]
    count = 0
    while add_months(agreement.active_from, (count + 1) * agreement.interval.months) <= min(ends):
        count += 1
    return count


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True)
@given(history=steps)
def test_each_whole_period_is_charged_once_and_ledgers_add_up(history: list[tuple[Any, ...]]) -> None:
    clock = FrozenClock(START)
    loyalty = Loyalty(IN_MEMORY, clock, points_per_unit=8, members=NoMembers(), directory=TwoAccounts())
    payments = Payments(IN_MEMORY, clock)
    for code in SCHEMES:
        loyalty.add_contribution_scheme(AddContributionScheme(code=code, display_name=code.title()))
    made: list[UUID] = []
    seen = 0

    def react() -> None:
        # payments follows the loyalty store; each event is offered twice, as a redelivery would
        nonlocal seen
        for notification in loyalty.recorder.select_notifications(start=seen, limit=1000, inclusive_of_start=False):
            seen = notification.id
            fulfilled = loyalty.mapper.to_domain_event(notification)
            for attempt in range(2):
                try:
                    payments.process_event(fulfilled, Tracking("Loyalty", notification.id))
                except IntegrityError:
                    assert attempt == 1

    def fulfil() -> None:
        for agreement_id in made:
            while loyalty.fulfil_contribution_periods(agreement_id):
                pass

    for step in history:
        try:
            if step[0] == "create":
                _, account, scheme, interval, amount, starts_in, lasts = step
                active_from = clock.now() + timedelta(days=starts_in)
                agreement = loyalty.create_contribution_agreement(
                    CreateContributionAgreement(
                        account_number=account,
                        scheme_code=scheme,
                        interval=interval,
                        amount=amount,
                        active_from=active_from,
                        active_to=active_from + timedelta(days=lasts) if lasts is not None else None,
                    )
                )
                made.append(agreement.id)
            elif step[0] == "end" and made:
                _, which, in_days = step
                end_at = clock.now() + timedelta(days=in_days) if in_days is not None else None
                loyalty.end_contribution_agreement(
                    EndContributionAgreement(agreement_id=made[which % len(made)], end_at=end_at)
                )
            elif step[0] == "advance":
                clock.advance(timedelta(days=step[1]))
            elif step[0] == "fulfil":
                fulfil()
            elif step[0] == "react":
                react()
            event(f"{step[0]}: taken")
        except KrakenError as refused:
            event(f"{step[0]}: {refused.code}")
    # (half a year later, the scheduler and payments have caught up)
    clock.advance(timedelta(days=183))
    fulfil()
    react()

    # then each agreement's whole ended periods are charged once each, and no other
    expected: Counter[str] = Counter()
    charged: Counter[str] = Counter()
    for agreement_id in made:
        agreement = loyalty.contribution_agreement(agreement_id)
        assert agreement is not None
        periods = whole_periods(agreement, clock.now())
        assert len(agreement.fulfilled) == periods
        expected[agreement.account_number] -= periods * agreement.amount
        if periods:
            event("a period charged")
    for account in ACCOUNTS:
        posted = list(entries(payments, account))
        sources = Counter(e.source for e in posted)
        assert all(n == 1 for n in sources.values()), sources
        charged[account] = sum(e.amount for e in posted)
        ledger = payments.ledger_of(account)
        assert (ledger.balance if ledger is not None else 0) == charged[account] == expected[account]
    # and no two agreements of one account and scheme ever ran at once
    for account in ACCOUNTS:
        for scheme in SCHEMES:
            spans = sorted(
                (a.active_from, a.ends_at or datetime.max.replace(tzinfo=UTC))
                for a in map(loyalty.contribution_agreement, made)
                if a is not None and (a.account_number, a.scheme_code) == (account, scheme)
            )
            assert all(earlier[1] <= later[0] for earlier, later in pairwise(spans))
