"""endContributionAgreement: the agreement ends now or at a future date, and no later period is charged;
every code the seed lists."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain.loyalty.contribution_agreement import ContributionInterval, add_months
from domain.loyalty.contribution_commands import AddContributionScheme, CreateContributionAgreement
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from settings import Settings
from tests.api.loyalty.conftest import served, token_for
from tests.helpers import GraphQL, refused_with

NOW = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
END = """
mutation EndContributionAgreement($input: EndContributionAgreementInput!) {
  endContributionAgreement(input: $input) {
    contributionAgreement { id interval amount activeFrom activeTo contributionScheme { code } }
  }
}
"""


def end(gql: GraphQL, token: str | None, agreement_id: str, end_at: datetime | None = None) -> dict[str, Any]:
    fields: dict[str, Any] = {"contributionAgreementId": agreement_id}
    if end_at is not None:
        fields["endAt"] = end_at.isoformat()
    return gql(END, {"input": fields}, token=token)


def agreement_of(contexts: Contexts, account_number: str, **changes: Any) -> str:
    fields: dict[str, Any] = {
        "account_number": account_number,
        "scheme_code": "WATER_FUND",
        "interval": ContributionInterval.MONTHLY,
        "amount": 500,
        "active_from": NOW,
    }
    made = contexts.loyalty.create_contribution_agreement(CreateContributionAgreement(**{**fields, **changes}))
    return str(made.id)


@pytest.fixture
def fund(contexts: Contexts) -> str:
    contexts.loyalty.add_contribution_scheme(
        AddContributionScheme(code="WATER_FUND", display_name="Community water fund")
    )
    return "WATER_FUND"


@pytest.fixture
def agreement(contexts: Contexts, customer: dict[str, str], fund: str) -> str:
    return agreement_of(contexts, customer["account_number"])


def test_ending_now_stops_the_charges_of_later_periods(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    agreement: str,
    clock: FrozenClock,
    catch_up: Callable[[], int],
) -> None:
    # given one month fulfilled, and half of the next gone by
    clock.at = add_months(NOW, 1) + timedelta(days=14)
    catch_up()
    assert contexts.loyalty.fulfil_contribution_periods(contexts.read.contributions.due(clock.now())[0]) == 1
    # when it is ended, without an end date
    body = end(gql, token_for(contexts, customer["email"]), agreement)
    # then it ends now
    assert body == {
        "data": {
            "endContributionAgreement": {
                "contributionAgreement": {
                    "id": agreement,
                    "interval": "MONTHLY",
                    "amount": 500,
                    "activeFrom": "2026-01-15T09:30:00+00:00",
                    "activeTo": "2026-03-01T09:30:00+00:00",
                    "contributionScheme": {"code": "WATER_FUND"},
                }
            }
        }
    }
    # and later, the month cut short and those after it are never charged
    catch_up()
    clock.at = add_months(NOW, 6)
    assert contexts.read.contributions.due(clock.now()) == []
    assert contexts.loyalty.fulfil_contribution_periods(UUID(agreement)) == 0
    catch_up()
    [ledger] = contexts.read.ledgers.of_account(customer["account_number"])
    assert ledger["balance"] == -500


def test_ending_at_a_future_date(gql: GraphQL, token: str, agreement: str) -> None:
    body = end(gql, token, agreement, NOW + timedelta(days=100))
    assert body["data"]["endContributionAgreement"]["contributionAgreement"]["activeTo"] == "2026-04-25T09:30:00+00:00"


@pytest.mark.parametrize("agreement_id", ["not-an-id", str(uuid4()), "x" * 65])
def test_an_unknown_agreement_is_kt_ct_9603(gql: GraphQL, token: str, fund: str, agreement_id: str) -> None:
    refused_with(end(gql, token, agreement_id), "KT-CT-9603")


def test_another_customer_s_agreement_is_kt_ct_4123(
    gql: GraphQL, contexts: Contexts, stranger: dict[str, str], token: str, fund: str
) -> None:
    theirs = agreement_of(contexts, stranger["account_number"])
    refused_with(end(gql, token, theirs), "KT-CT-4123")
    made = contexts.loyalty.contribution_agreement(UUID(theirs))
    assert made is not None and made.ends_at is None


@pytest.mark.parametrize(
    "end_at",
    [NOW - timedelta(days=1), NOW + timedelta(days=400)],
    ids=["in the past", "after its agreed end"],
)
def test_an_end_it_cannot_take_is_kt_ct_9604(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, fund: str, end_at: datetime
) -> None:
    agreement = agreement_of(contexts, customer["account_number"], active_to=NOW + timedelta(days=365))
    refused_with(end(gql, token, agreement, end_at), "KT-CT-9604")


def test_an_end_before_it_starts_is_kt_ct_9604(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, fund: str
) -> None:
    agreement = agreement_of(contexts, customer["account_number"], active_from=NOW + timedelta(days=30))
    refused_with(end(gql, token, agreement, NOW + timedelta(days=10)), "KT-CT-9604")


def test_ending_twice_is_kt_ct_9604(gql: GraphQL, token: str, agreement: str) -> None:
    end(gql, token, agreement, NOW + timedelta(days=40))
    refused_with(end(gql, token, agreement), "KT-CT-9604")


def test_a_bad_token_is_kt_ct_1111(gql: GraphQL, agreement: str) -> None:
    refused_with(end(gql, "not-a-token", agreement), "KT-CT-1111")


def test_without_an_authorization_header_it_is_kt_ct_1112(gql: GraphQL, agreement: str) -> None:
    refused_with(end(gql, None, agreement), "KT-CT-1112")


def test_disabled_by_configuration_it_is_kt_ct_1113(
    settings: Settings, clock: FrozenClock, token: str, agreement: str
) -> None:
    with served(settings, clock, disabled_mutations="endContributionAgreement") as gql:
        refused_with(end(gql, token, agreement), "KT-CT-1113")
