"""No N+1 on the read side: a dashboard-sized document costs the same number of read-model statements
whether the viewer has one account or several, each with several ledgers full of transactions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest

from domain.accounts import commands as accounts_commands
from domain.identity import commands as identity
from domain.loyalty.contribution_agreement import ContributionInterval
from domain.loyalty.contribution_commands import AddContributionScheme, CreateContributionAgreement
from domain.payments import commands as payments
from projections.contexts import Contexts
from tests.api.loyalty.conftest import token_for
from tests.conftest import PASSWORD
from tests.helpers import GraphQL

DASHBOARD = """
{
  viewer {
    givenName
    accounts {
      number balance
      ... on AccountType {
        billingEmail billingAddressLine1 splitBillingAddress commsDeliveryPreference address { postalCode }
        ledgers {
          number balance
          transactions(first: 10) { totalCount edges { node { amount postedDate } } }
        }
      }
    }
  }
}
"""


@pytest.fixture
def statements(contexts: Contexts) -> Iterator[list[str]]:
    """Every statement the read models run from now on."""
    store, seen = contexts.read.store, []
    rows = store.rows

    def counted(sql: str, params: Any = ()) -> Any:
        seen.append(sql)
        return rows(sql, params)

    store.rows = counted  # type: ignore[method-assign]
    yield seen
    store.rows = rows  # type: ignore[method-assign]


def _customer_with(contexts: Contexts, catch_up: Callable[[], int], email: str, accounts: int) -> str:
    numbers = tuple(contexts.accounts.open_account(f"Account {i}").number for i in range(accounts))
    contexts.identity.register_user(
        identity.RegisterUser(
            email=email, password=PASSWORD, given_name="Ada", family_name="L", account_numbers=numbers
        )
    )
    catch_up()
    for number in numbers:
        for amount in (1000, 2000, 3000):
            bill = contexts.payments.draft_bill(
                payments.DraftBill(account_number=number, amount=amount, description="Water")
            )
            contexts.payments.issue_bill(str(bill.number))
    catch_up()
    return token_for(contexts, email)


def test_a_dashboard_costs_the_same_statements_for_one_account_or_many(
    backend: str, gql: GraphQL, contexts: Contexts, catch_up: Callable[[], int], statements: list[str]
) -> None:
    one = _customer_with(contexts, catch_up, "one@example.com", 1)
    many = _customer_with(contexts, catch_up, "many@example.com", 4)
    costs = []
    for token, accounts in ((one, 1), (many, 4)):
        statements.clear()
        body = gql(DASHBOARD, token=token)
        assert "errors" not in body, body
        listed = body["data"]["viewer"]["accounts"]
        assert len(listed) == accounts
        assert all(len(a["ledgers"][0]["transactions"]["edges"]) == 3 for a in listed)
        costs.append(len(statements))

    # one statement per level: the viewer, their account numbers, the accounts, their billing details, their
    # ledgers (balances included), the ledgers' pages, their counts
    assert costs == [7, 7], statements


PROPERTIES = """
{
  viewer {
    accounts {
      number
      ... on AccountType { properties { id address occupancyPeriods { id effectiveFrom } propertyType } }
    }
  }
}
"""


def test_the_properties_of_one_account_or_many_cost_the_same_statements(
    backend: str, gql: GraphQL, contexts: Contexts, catch_up: Callable[[], int], statements: list[str]
) -> None:
    costs = []
    for email, accounts in (("one@example.com", 1), ("many@example.com", 4)):
        token = _customer_with(contexts, catch_up, email, accounts)
        for number in contexts.read.account_users.account_numbers(str(contexts.identity.user_id_for_email(email))):
            for line in ("1 Mill Lane", "2 Mill Lane"):
                contexts.accounts.register_property(
                    accounts_commands.RegisterProperty(account_number=number, lines=(line,), postcode="DE1 2AB")
                )
        catch_up()
        statements.clear()
        body = gql(PROPERTIES, token=token)
        assert "errors" not in body, body
        assert [len(a["properties"]) for a in body["data"]["viewer"]["accounts"]] == [2] * accounts
        costs.append(len(statements))
    # the viewer, their account numbers, the accounts, their properties with their periods
    assert costs == [4, 4], statements


CONTRIBUTIONS = """
{
  viewer {
    accounts {
      number
      ... on AccountType {
        campaigns { slug }
        contributionAgreements {
          amount contributionScheme { code } periods(first: 5) { totalCount edges { node { periodFrom } } }
        }
      }
    }
  }
}
"""


def test_the_contribution_agreements_of_one_account_or_many_cost_the_same_statements(
    backend: str, gql: GraphQL, contexts: Contexts, catch_up: Callable[[], int], statements: list[str]
) -> None:
    loyalty = contexts.loyalty
    for code in ("WATER_FUND", "ASSIST"):
        loyalty.add_contribution_scheme(AddContributionScheme(code=code, display_name=code.title()))
    costs = []
    for email, accounts in (("one@example.com", 1), ("many@example.com", 4)):
        token = _customer_with(contexts, catch_up, email, accounts)
        for number in contexts.read.account_users.account_numbers(str(contexts.identity.user_id_for_email(email))):
            for code in ("WATER_FUND", "ASSIST"):
                loyalty.create_contribution_agreement(
                    CreateContributionAgreement(
                        account_number=number,
                        scheme_code=code,
                        interval=ContributionInterval.MONTHLY,
                        amount=100,
                        active_from=loyalty.clock.now() + timedelta(days=1),
                    )
                )
        catch_up()
        statements.clear()
        body = gql(CONTRIBUTIONS, token=token)
        assert "errors" not in body, body
        listed = body["data"]["viewer"]["accounts"]
        assert [len(a["contributionAgreements"]) for a in listed] == [2] * accounts
        costs.append(len(statements))
    # the viewer, their account numbers, the accounts, their campaigns, their agreements, the schemes,
    # the agreements' pages of periods, their counts
    assert costs == [8, 8], statements


REFERRALS = """
{
  viewer {
    accounts {
      number
      ... on AccountType {
        brand referralsCreated
        referrals(first: 5) { totalCount edges { node { referredUserName referredUserJoinDate paymentStatus } } }
        rewards { rewardAmount paymentStatus }
        activeReferralSchemes { domestic { referralUrl canBeReferred referrerGivenName } }
      }
    }
  }
}
"""


def test_the_referrals_of_one_account_or_many_cost_the_same_statements(
    backend: str, gql: GraphQL, contexts: Contexts, catch_up: Callable[[], int], statements: list[str]
) -> None:
    from domain.loyalty import commands as loyalty
    from tests.domain.loyalty.referrals import customer_of, friend_scheme

    friend_scheme(contexts)
    costs = []
    for email, accounts in (("one@example.com", 1), ("many@example.com", 4)):
        token = _customer_with(contexts, catch_up, email, accounts)
        numbers = contexts.read.account_users.account_numbers(str(contexts.identity.user_id_for_email(email)))
        for n, number in enumerate(numbers):
            friend = customer_of(contexts, "Friend Doe", f"friend{n}-{email}")
            code = contexts.loyalty.referral_code(number)
            contexts.loyalty.create_referral(
                loyalty.CreateReferral(account_number=friend["account_number"], reference=code)
            )
        catch_up()
        statements.clear()
        body = gql(REFERRALS, token=token)
        assert "errors" not in body, body
        assert [a["referralsCreated"] for a in body["data"]["viewer"]["accounts"]] == [1] * accounts
        costs.append(len(statements))
    # the viewer, their account numbers, the accounts; then for every account at once: brands, referral
    # pages, their counts, the referred users and accounts, rewards, schemes, codes, whether referred and
    # the referrers' users. The referred users and the referrers' users are read by one batch method:
    # one statement when their loads meet in one turn of the event loop, two when the longer chain
    # (brand, schemes, code, whether referred) finishes a turn later, which depends on thread timing.
    assert all(cost in (12, 13) for cost in costs), (costs, statements)
