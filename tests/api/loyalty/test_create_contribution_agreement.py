"""createContributionAgreement: an account gives a regular amount to a scheme; every code the seed lists;
and the agreements, their scheme and their periods on the read side."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from domain.loyalty.contribution_agreement import add_months
from domain.loyalty.contribution_commands import AddContributionScheme
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from settings import Settings
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.loyalty.conftest import served, token_for
from tests.helpers import GraphQL, refused_with

NOW = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
CREATE = """
mutation CreateContributionAgreement($input: CreateContributionAgreementInput!) {
  createContributionAgreement(input: $input) {
    contributionAgreement {
      id interval amount activeFrom activeTo
      contributionScheme { code displayName taxable acceptingContributions }
    }
  }
}
"""
AGREEMENTS = """
query Agreements($number: String!, $first: Int, $after: String) {
  account(accountNumber: $number) {
    contributionAgreements {
      id interval amount activeFrom activeTo
      contributionScheme { code displayName taxable acceptingContributions }
      periods(first: $first, after: $after) {
        totalCount edgeCount pageInfo { hasNextPage endCursor }
        edges { node { periodFrom periodTo fulfilledAt agreement { id } } }
      }
    }
  }
  contributionSchemes { code displayName taxable acceptingContributions }
}
"""


def create(gql: GraphQL, token: str | None, account_number: str, **changes: Any) -> dict[str, Any]:
    fields = {
        "accountNumber": account_number,
        "schemeCode": "WATER_FUND",
        "interval": "MONTHLY",
        "amount": 500,
        "activeFrom": NOW.isoformat(),
    }
    return gql(CREATE, {"input": {**fields, **changes}}, token=token)


@pytest.fixture
def fund(contexts: Contexts) -> str:
    contexts.loyalty.add_contribution_scheme(
        AddContributionScheme(code="WATER_FUND", display_name="Community water fund")
    )
    contexts.loyalty.add_contribution_scheme(
        AddContributionScheme(code="ASSIST", display_name="Customer assistance fund", taxable=True)
    )
    return "WATER_FUND"


def test_an_agreement_is_made_and_its_periods_are_listed_as_they_are_fulfilled(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    fund: str,
    clock: FrozenClock,
    catch_up: Callable[[], int],
) -> None:
    number = customer["account_number"]
    # when
    body = create(gql, token, number, interval="QUARTERLY", amount=1250)
    # then
    made = body["data"]["createContributionAgreement"]["contributionAgreement"]
    assert made == {
        "id": made["id"],
        "interval": "QUARTERLY",
        "amount": 1250,
        "activeFrom": "2026-01-15T09:30:00+00:00",
        "activeTo": None,
        "contributionScheme": {
            "code": "WATER_FUND",
            "displayName": "Community water fund",
            "taxable": False,
            "acceptingContributions": True,
        },
    }
    # when two quarters pass and the scheduler fulfils them
    clock.at = add_months(NOW, 6)
    catch_up()
    assert contexts.loyalty.fulfil_contribution_periods(contexts.read.contributions.due(clock.now())[0]) == 2
    catch_up()
    token = token_for(contexts, customer["email"])  # (the first has expired meanwhile)
    # then the account lists the agreement with its periods, a page at a time
    listed = gql(AGREEMENTS, {"number": number, "first": 1}, token=token)["data"]
    [agreement] = listed["account"]["contributionAgreements"]
    assert (agreement["id"], agreement["amount"], agreement["contributionScheme"]["code"]) == (made["id"], 1250, fund)
    periods = agreement["periods"]
    assert (periods["totalCount"], periods["edgeCount"], periods["pageInfo"]["hasNextPage"]) == (2, 1, True)
    assert periods["edges"][0]["node"] == {
        "periodFrom": "2026-01-15T09:30:00+00:00",
        "periodTo": "2026-04-15T09:30:00+00:00",
        "fulfilledAt": "2026-07-15T09:30:00+00:00",
        "agreement": {"id": made["id"]},
    }
    after = periods["pageInfo"]["endCursor"]
    rest = gql(AGREEMENTS, {"number": number, "first": 5, "after": after}, token=token)["data"]
    [[node]] = [[e["node"] for e in a["periods"]["edges"]] for a in rest["account"]["contributionAgreements"]]
    assert (node["periodFrom"], node["periodTo"]) == ("2026-04-15T09:30:00+00:00", "2026-07-15T09:30:00+00:00")
    assert [s["code"] for s in listed["contributionSchemes"]] == ["ASSIST", "WATER_FUND"]
    # and each period was charged once on the account's ledger
    [ledger] = contexts.read.ledgers.of_account(number)
    assert ledger["balance"] == -2500


def test_a_forged_periods_cursor_is_kt_ct_1208(
    gql: GraphQL, customer: dict[str, str], token: str, fund: str, catch_up: Callable[[], int]
) -> None:
    create(gql, token, customer["account_number"])
    catch_up()
    body = gql(AGREEMENTS, {"number": customer["account_number"], "after": "bm90LWEtY3Vyc29y"}, token=token)
    assert [e["extensions"]["errorCode"] for e in body["errors"]] == ["KT-CT-1208"]


@pytest.mark.parametrize("amount", [0, -100])
def test_an_amount_not_above_zero_is_kt_ct_9605(
    gql: GraphQL, customer: dict[str, str], token: str, fund: str, amount: int
) -> None:
    refused_with(create(gql, token, customer["account_number"], amount=amount), "KT-CT-9605")


def test_a_closed_scheme_is_kt_ct_9606(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, fund: str
) -> None:
    contexts.loyalty.set_contribution_scheme_accepting(fund, False)
    refused_with(create(gql, token, customer["account_number"]), "KT-CT-9606")


@pytest.mark.parametrize(
    "changes",
    [
        {"schemeCode": "NO_SUCH_FUND"},
        {"schemeCode": "X" * 65},
        {"activeFrom": (NOW - timedelta(days=1)).isoformat()},
        {"activeTo": NOW.isoformat()},
        {"activeTo": (NOW - timedelta(days=3)).isoformat()},
        {"amount": 1_000_001},
    ],
    ids=["unknown scheme", "over-long scheme code", "past start", "empty", "backwards", "too large"],
)
def test_invalid_data_is_kt_ct_9601(
    gql: GraphQL, customer: dict[str, str], token: str, fund: str, changes: dict[str, Any]
) -> None:
    refused_with(create(gql, token, customer["account_number"], **changes), "KT-CT-9601")


def test_a_second_agreement_running_at_the_same_time_is_kt_ct_9602(
    gql: GraphQL, customer: dict[str, str], token: str, fund: str
) -> None:
    number = customer["account_number"]
    create(gql, token, number, activeTo=(NOW + timedelta(days=60)).isoformat())
    refused_with(create(gql, token, number, activeFrom=(NOW + timedelta(days=30)).isoformat()), "KT-CT-9602")
    # one starting as the first ends, and one with another scheme, may be made
    later = create(gql, token, number, activeFrom=(NOW + timedelta(days=60)).isoformat())
    assert later["data"]["createContributionAgreement"]["contributionAgreement"]["amount"] == 500
    other = create(gql, token, number, schemeCode="ASSIST")
    assert other["data"]["createContributionAgreement"]["contributionAgreement"]["contributionScheme"]["taxable"]


def test_another_customer_s_account_is_kt_ct_4123(
    gql: GraphQL, stranger: dict[str, str], token: str, fund: str
) -> None:
    refused_with(create(gql, token, stranger["account_number"]), "KT-CT-4123")


def test_a_bad_token_is_kt_ct_1111(gql: GraphQL, customer: dict[str, str], fund: str) -> None:
    refused_with(create(gql, "not-a-token", customer["account_number"]), "KT-CT-1111")


def test_without_an_authorization_header_it_is_kt_ct_1112(gql: GraphQL, customer: dict[str, str]) -> None:
    refused_with(create(gql, None, customer["account_number"]), "KT-CT-1112")


def test_disabled_by_configuration_it_is_kt_ct_1113(
    settings: Settings, clock: FrozenClock, customer: dict[str, str], token: str, fund: str
) -> None:
    with served(settings, clock, disabled_mutations="createContributionAgreement") as gql:
        refused_with(create(gql, token, customer["account_number"]), "KT-CT-1113")


def test_an_organisation_naming_an_account_that_does_not_exist_is_kt_ct_9601(
    gql: GraphQL, contexts: Contexts, fund: str
) -> None:
    org_token = organisation_token(gql, organisation(contexts)[1])
    refused_with(create(gql, org_token, "A-NOSUCH00"), "KT-CT-9601")
