"""The contributions read model: schemes, each account's agreements, their fulfilled periods, and
which agreements have a period to fulfil now."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from domain.loyalty.contribution_agreement import ContributionInterval, add_months
from domain.loyalty.contribution_commands import (
    AddContributionScheme,
    CreateContributionAgreement,
    EndContributionAgreement,
)
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from projections.pages import Window
from tests.domain.loyalty.numbered_accounts import numbered_accounts  # noqa: F401  (a fixture)

NOW = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)

pytestmark = pytest.mark.usefixtures("numbered_accounts")


def test_schemes_agreements_periods_and_what_is_due(
    backend: str, contexts: Contexts, clock: FrozenClock, catch_up: Callable[[], int]
) -> None:
    loyalty = contexts.loyalty
    loyalty.add_contribution_scheme(AddContributionScheme(code="WATER_FUND", display_name="Community water fund"))
    loyalty.add_contribution_scheme(AddContributionScheme(code="ASSIST", display_name="Assistance fund", taxable=True))
    loyalty.set_contribution_scheme_accepting("ASSIST", False)
    monthly = loyalty.create_contribution_agreement(
        CreateContributionAgreement(
            account_number="A-1",
            scheme_code="WATER_FUND",
            interval=ContributionInterval.MONTHLY,
            amount=500,
            active_from=NOW,
        )
    )
    catch_up()
    read = contexts.read.contributions
    assert [(s["code"], s["taxable"], s["accepting"]) for s in read.schemes()] == [
        ("ASSIST", True, False),
        ("WATER_FUND", False, True),
    ]
    assert [s and s["display_name"] for s in read.schemes_by_code(["WATER_FUND", "NOPE"])] == [
        "Community water fund",
        None,
    ]
    assert read.due(NOW + timedelta(days=30)) == [] and read.due(add_months(NOW, 1)) == [monthly.id]
    # when three months pass, and the agreement is ended half way through the fourth
    clock.at = add_months(NOW, 3) + timedelta(days=10)
    assert loyalty.fulfil_contribution_periods(monthly.id) == 3
    loyalty.end_contribution_agreement(EndContributionAgreement(agreement_id=monthly.id))
    catch_up()
    # then its periods are listed, and none is due any more
    [[agreement]] = read.of_accounts(["A-1"])
    assert (agreement["amount"], agreement["contribution_interval"], agreement["fulfilled"]) == (500, "MONTHLY", 3)
    assert (agreement["active_from"], agreement["active_to"], agreement["agreed_to"]) == (NOW, clock.at, None)
    assert read.due(add_months(NOW, 12)) == []
    key = str(monthly.id)
    [page] = read.period_pages(Window(size=2), [key])
    assert [(p["period_from"], p["period_to"]) for p in page.rows] == [
        (NOW, add_months(NOW, 1)),
        (add_months(NOW, 1), add_months(NOW, 2)),
    ]
    assert (
        page.has_next
        and not page.has_previous
        and page.rows[0]["fulfilled_at"] == add_months(NOW, 3) + timedelta(days=10)
    )
    [rest] = read.period_pages(Window(size=2, after=page.keys[-1]), [key])
    assert [p["period_from"] for p in rest.rows] == [add_months(NOW, 2)] and not rest.has_next
    assert read.period_counts([key, "none"]) == [3, 0]
