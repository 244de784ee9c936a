"""Contribution schemes and agreements: the rules of each code, periods fulfilled once, and the charge
the payments context posts for each period, once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from eventsourcing.persistence import IntegrityError, Tracking

from domain.loyalty.contribution_agreement import ContributionAgreement, ContributionInterval, add_months
from domain.loyalty.contribution_commands import (
    AddContributionScheme,
    CreateContributionAgreement,
    EndContributionAgreement,
)
from domain.payments.application import Payments
from domain.payments.ledger import Ledger, main_ledger_number
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.domain.loyalty.numbered_accounts import numbered_accounts  # noqa: F401  (a fixture)
from tests.helpers import refused

NOW = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
MONTHLY, QUARTERLY = ContributionInterval.MONTHLY, ContributionInterval.QUARTERLY


pytestmark = pytest.mark.usefixtures("numbered_accounts")


@pytest.fixture
def fund(contexts: Contexts) -> str:
    contexts.loyalty.add_contribution_scheme(
        AddContributionScheme(code="WATER_FUND", display_name="Community water fund")
    )
    return "WATER_FUND"


def agree(contexts: Contexts, account: str = "A-1", **changes: object) -> ContributionAgreement:
    fields: dict[str, object] = {
        "account_number": account,
        "scheme_code": "WATER_FUND",
        "interval": MONTHLY,
        "amount": 500,
        "active_from": NOW,
    }
    fields.update(changes)
    return contexts.loyalty.create_contribution_agreement(CreateContributionAgreement(**fields))  # type: ignore[arg-type]


def entries(payments: Payments, number: str) -> Iterator[Ledger.Posted]:
    for stored in payments.repository.event_store.get(Ledger.id_for(number)):
        if isinstance(stored, Ledger.Posted):
            yield stored


def test_months_keep_their_day_without_drifting() -> None:
    start = datetime(2026, 1, 31, tzinfo=UTC)
    assert [add_months(start, n).date().isoformat() for n in (1, 2, 3)] == ["2026-02-28", "2026-03-31", "2026-04-30"]


def test_the_rules_of_creating(contexts: Contexts, fund: str) -> None:
    create = contexts.loyalty.create_contribution_agreement
    base = {"account_number": "A-1", "scheme_code": fund, "interval": MONTHLY, "amount": 500, "active_from": NOW}
    for amount in (0, -1):
        refused("KT-CT-9605", create, CreateContributionAgreement(**{**base, "amount": amount}))  # type: ignore[arg-type]
    for invalid in (
        {"scheme_code": "NO_SUCH_FUND"},
        {"amount": 1_000_001},
        {"active_from": NOW - timedelta(hours=1)},
        {"active_to": NOW},
        {"active_to": NOW - timedelta(days=1)},
        {"active_from": NOW + timedelta(days=4000)},
        {"active_from": NOW.replace(tzinfo=None)},
    ):
        refused("KT-CT-9601", create, CreateContributionAgreement(**{**base, **invalid}))  # type: ignore[arg-type]
    # A moment in the past is the client's clock, not a backdated agreement.
    assert agree(contexts, active_from=NOW - timedelta(minutes=2)).amount == 500
    contexts.loyalty.set_contribution_scheme_accepting(fund, False)
    refused("KT-CT-9606", create, CreateContributionAgreement(**{**base, "account_number": "A-2"}))  # type: ignore[arg-type]


def test_one_agreement_runs_at_a_time_per_scheme(contexts: Contexts, fund: str) -> None:
    first = agree(contexts, active_to=NOW + timedelta(days=90))
    refused("KT-CT-9602", agree, contexts, active_from=NOW + timedelta(days=30))
    # after it ends, or at another account, another can be made
    assert agree(contexts, active_from=NOW + timedelta(days=90)).active_from == NOW + timedelta(days=90)
    assert agree(contexts, "A-2").account_number == "A-2"
    contexts.loyalty.add_contribution_scheme(AddContributionScheme(code="ASSIST", display_name="Assistance fund"))
    assert agree(contexts, scheme_code="ASSIST").scheme_code == "ASSIST"
    assert first.active_to == NOW + timedelta(days=90)


def test_made_at_once_only_one_is_saved(backend: str, contexts: Contexts, fund: str) -> None:
    def attempt(_: int) -> str:
        try:
            agree(contexts, "A-3")
        except Exception as exc:
            return type(exc).__name__
        return "made"

    with ThreadPoolExecutor(4) as pool:
        outcomes = sorted(pool.map(attempt, range(6)))
    assert outcomes == ["ContributionAgreementCreationFailed"] * 5 + ["made"]


def test_the_rules_of_ending(contexts: Contexts, fund: str, clock: FrozenClock) -> None:
    end = contexts.loyalty.end_contribution_agreement
    refused("KT-CT-9603", end, EndContributionAgreement(agreement_id=uuid4()))
    later = agree(contexts, active_from=NOW + timedelta(days=10), active_to=NOW + timedelta(days=100))
    for wrong in (NOW - timedelta(days=1), NOW + timedelta(days=5), NOW + timedelta(days=101)):
        refused("KT-CT-9604", end, EndContributionAgreement(agreement_id=later.id, end_at=wrong))
    ended = end(EndContributionAgreement(agreement_id=later.id, end_at=NOW + timedelta(days=40)))
    assert ended.ends_at == NOW + timedelta(days=40)
    refused("KT-CT-9604", end, EndContributionAgreement(agreement_id=later.id))
    # without endAt: now, or as it would start when it has not yet
    running = agree(contexts, "A-2")
    clock.advance(timedelta(days=3))
    assert end(EndContributionAgreement(agreement_id=running.id)).ends_at == NOW + timedelta(days=3)
    future = agree(contexts, "A-3", active_from=NOW + timedelta(days=20))
    assert end(EndContributionAgreement(agreement_id=future.id)).ends_at == NOW + timedelta(days=20)
    # one whose agreed end has passed has ended
    short = agree(contexts, "A-4", active_from=clock.now(), active_to=clock.now() + timedelta(days=1))
    clock.advance(timedelta(days=2))
    refused("KT-CT-9604", end, EndContributionAgreement(agreement_id=short.id))


def test_whole_periods_are_fulfilled_once_and_ending_stops_them(
    contexts: Contexts, fund: str, clock: FrozenClock
) -> None:
    agreement = agree(contexts, interval=QUARTERLY, active_to=NOW + timedelta(days=400))
    fulfil = contexts.loyalty.fulfil_contribution_periods
    assert fulfil(agreement.id) == 0
    clock.at = add_months(NOW, 3)
    assert (fulfil(agreement.id), fulfil(agreement.id)) == (1, 0)
    clock.at = add_months(NOW, 9) + timedelta(seconds=1)
    assert fulfil(agreement.id) == 2
    contexts.loyalty.end_contribution_agreement(
        EndContributionAgreement(agreement_id=agreement.id, end_at=add_months(NOW, 11))
    )
    clock.at = add_months(NOW, 24)
    # the fourth quarter would end after the end: not charged
    assert fulfil(agreement.id) == 0
    done = contexts.loyalty.contribution_agreement(agreement.id)
    assert done is not None
    assert [(p.period_from, p.period_to) for p in done.fulfilled] == [
        (add_months(NOW, 3 * n), add_months(NOW, 3 * n + 3)) for n in range(3)
    ]
    assert fulfil(uuid4()) == 0


def test_each_fulfilled_period_is_charged_once_on_the_main_ledger(
    backend: str,
    contexts: Contexts,
    fund: str,
    customer: dict[str, str],
    clock: FrozenClock,
    catch_up: Callable[[], int],
) -> None:
    account = customer["account_number"]
    agreement = agree(contexts, account, amount=750)
    clock.at = add_months(NOW, 2)
    assert contexts.loyalty.fulfil_contribution_periods(agreement.id) == 2
    catch_up()
    catch_up()
    posted = list(entries(contexts.payments, main_ledger_number(account)))
    assert [(e.kind, e.amount, e.reason_code) for e in posted] == [("CHARGE", -750, "CONTRIBUTION")] * 2
    assert [e.source for e in posted] == [
        f"contribution:{agreement.id}:{NOW.isoformat()}",
        f"contribution:{agreement.id}:{add_months(NOW, 1).isoformat()}",
    ]
    ledger = contexts.payments.ledger_of(account)
    assert ledger is not None and ledger.balance == sum(e.amount for e in posted) == -1500


def test_processing_the_same_period_twice_posts_once(contexts: Contexts, customer: dict[str, str]) -> None:
    account = customer["account_number"]
    fulfilled = ContributionAgreement.PeriodFulfilled(
        originator_id=uuid4(),
        originator_version=2,
        timestamp=NOW,
        account_number=account,
        scheme_code="WATER_FUND",
        period_from=NOW,
        period_to=add_months(NOW, 1),
        amount=300,
        fulfilled_at=add_months(NOW, 1),
    )
    contexts.payments.process_event(fulfilled, Tracking("Loyalty", 1))
    with pytest.raises(IntegrityError):
        contexts.payments.process_event(fulfilled, Tracking("Loyalty", 1))
    posted = list(entries(contexts.payments, main_ledger_number(account)))
    ledger = contexts.payments.ledger_of(account)
    assert [e.amount for e in posted] == [-300]
    assert ledger is not None and ledger.balance == -300


def test_a_period_charge_beyond_the_ledgers_limit_is_recorded_as_refused(
    contexts: Contexts, customer: dict[str, str]
) -> None:
    account = customer["account_number"]
    too_much = contexts.payments.limits.ledger_balance + 1
    fulfilled = ContributionAgreement.PeriodFulfilled(
        originator_id=uuid4(),
        originator_version=2,
        timestamp=NOW,
        account_number=account,
        scheme_code="WATER_FUND",
        period_from=NOW,
        period_to=add_months(NOW, 1),
        amount=too_much,
        fulfilled_at=add_months(NOW, 1),
    )
    contexts.payments.process_event(fulfilled, Tracking("Loyalty", 1))
    ledger = contexts.payments.ledger_of(account)
    assert ledger is not None and ledger.balance == 0
    stored = contexts.payments.repository.event_store.get(ledger.id)
    # the amount refused, as every refusal records it: what would have moved, unsigned
    assert [(e.kind, e.amount) for e in stored if isinstance(e, Ledger.EntryRefused)] == [("CHARGE", too_much)]
