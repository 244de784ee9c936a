"""`account(accountNumber) { status createdAt billingName users }`: what the accounts and identity contexts hold."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from domain.identity import commands as identity
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.loyalty.conftest import register, token_for
from tests.conftest import PASSWORD
from tests.helpers import GraphQL, error_codes

ACCOUNT = """
query Account($number: String!) {
  account(accountNumber: $number) {
    number status createdAt billingName billingEmail billingAddress billingAddressPostcode
    users { id email givenName mobile accounts { number } accountUserRoles { account { number } } }
  }
}
"""
VIEWER_ACCOUNTS = """
{ viewer { accounts { number ... on AccountType { status users { email } } } } }
"""
NESTED = """
{
  viewer {
    accounts {
      number
      ... on AccountType {
        users { email accounts { number } accountUserRoles { role account { number status } user { email } } }
      }
    }
  }
}
"""
# British Summer Time: the account's createdAt keeps the offset it was opened with.
BST = timezone(timedelta(hours=1))


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 7, 15, 10, 30, tzinfo=BST))


@pytest.fixture
def household(
    contexts: Contexts, customer: dict[str, str], clock: FrozenClock, catch_up: Callable[[], int]
) -> dict[str, str]:
    """Ada's account with a second user, Grace, registered a minute later, who also holds an account of her own."""
    clock.advance(timedelta(minutes=1))
    own = contexts.accounts.open_account("Grace Hopper")
    contexts.identity.register_user(
        identity.RegisterUser(
            email="grace@example.com",
            password=PASSWORD,
            given_name="Grace",
            family_name="Hopper",
            account_numbers=(customer["account_number"], own.number),
        )
    )
    catch_up()
    return {"grace_account": own.number, "ada": token_for(contexts, customer["email"])}


def _account(gql: GraphQL, token: str, number: str) -> dict:
    body = gql(ACCOUNT, {"number": number}, token=token)
    assert "errors" not in body, body["errors"]
    account: dict = body["data"]["account"]
    return account


def test_an_opened_account_is_active_since_it_was_opened_and_lists_its_users(
    backend: str, gql: GraphQL, customer: dict[str, str], household: dict[str, str]
) -> None:
    number = customer["account_number"]
    account = _account(gql, household["ada"], number)
    assert {key: account[key] for key in ("number", "status", "createdAt", "billingName")} == {
        "number": number,
        "status": "ACTIVE",
        "createdAt": "2026-07-15T10:30:00+01:00",
        "billingName": "Ada Lovelace",
    }
    # no billing email or address has been given yet
    assert (account["billingEmail"], account["billingAddress"], account["billingAddressPostcode"]) == (None, None, None)
    # the users, first registered first; of Grace's accounts, Ada sees only the one they share
    assert account["users"] == [
        {
            "id": customer["user_id"],
            "email": "ada@example.com",
            "givenName": "Ada",
            "mobile": "",
            "accounts": [{"number": number}],
            "accountUserRoles": [{"account": {"number": number}}],
        },
        {
            "id": account["users"][1]["id"],
            "email": "grace@example.com",
            "givenName": "Grace",
            "mobile": "",
            "accounts": [{"number": number}],
            "accountUserRoles": [{"account": {"number": number}}],
        },
    ]


def test_an_organisation_sees_every_account_of_the_users(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict[str, str], household: dict[str, str]
) -> None:
    _, key = organisation(contexts)
    account = _account(gql, organisation_token(gql, key), customer["account_number"])
    grace = account["users"][1]
    assert sorted(a["number"] for a in grace["accounts"]) == sorted(
        [customer["account_number"], household["grace_account"]]
    )


def test_the_viewers_accounts_list_their_users_in_one_document(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], household: dict[str, str]
) -> None:
    token = token_for(contexts, "grace@example.com")
    accounts = gql(VIEWER_ACCOUNTS, token=token)["data"]["viewer"]["accounts"]
    users = {a["number"]: sorted(u["email"] for u in a["users"]) for a in accounts}
    assert users == {
        customer["account_number"]: ["ada@example.com", "grace@example.com"],
        household["grace_account"]: ["grace@example.com"],
    }
    assert {a["status"] for a in accounts} == {"ACTIVE"}


def test_a_user_of_a_new_account_is_listed_once_the_read_model_catches_up(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    household: dict[str, str],
    clock: FrozenClock,
    catch_up: Callable[[], int],
) -> None:
    clock.advance(timedelta(minutes=1))
    register(contexts, "lin@example.com", "Lin Lovelace", customer["account_number"])
    assert len(_account(gql, household["ada"], customer["account_number"])["users"]) == 2
    catch_up()
    assert [u["email"] for u in _account(gql, household["ada"], customer["account_number"])["users"]][2:] == [
        "lin@example.com"
    ]


def test_another_customers_account_is_refused(
    gql: GraphQL, customer: dict[str, str], household: dict[str, str]
) -> None:
    body = gql(ACCOUNT, {"number": household["grace_account"]}, token=household["ada"])
    assert body["data"]["account"] is None and error_codes(body) == ["KT-CT-1111"]


def test_each_level_of_a_document_costs_one_query_however_many_accounts_and_users(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    household: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given a count of the read model's queries
    store = contexts.read.store
    statements: list[str] = []
    rows = store.rows

    def counted(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        statements.append(sql)
        return rows(sql, params)

    monkeypatch.setattr(store, "rows", counted)

    def cost(token: str) -> int:
        statements.clear()
        body = gql(NESTED, token=token)
        assert "errors" not in body, body["errors"]
        return len(statements)

    # when Ada (one account, two users) and Grace (two accounts, three users in all) ask the same document
    ada, grace = cost(household["ada"]), cost(token_for(contexts, "grace@example.com"))
    # then they cost the same: accounts, users, their accounts and roles are each read once per level
    assert ada == grace, (ada, grace)
