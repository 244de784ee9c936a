"""`viewer { preferences specialCircumstances }` and the same fields on an account's users: one read-model
statement for each, and a user's profile shown to that user only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from projections.contexts import Contexts
from tests.api.accounts.conftest import PROFILE
from tests.helpers import GraphQL

USERS = """
query Users($number: String!) {
  account(accountNumber: $number) {
    users { email preferences { fontSizeMultiplier } specialCircumstances { records { __typename } } }
  }
}
"""


def _profile_statements(contexts: Contexts, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    rows = contexts.read.store.rows

    def counted(sql: str, params: Any = ()) -> Any:
        if "account_user_comms_preferences" in sql or "account_user_psr_records" in sql:
            seen.append(sql)
        return rows(sql, params)

    monkeypatch.setattr(contexts.read.store, "rows", counted)
    return seen


def test_the_viewer_s_profile_costs_one_statement_a_field(
    gql: GraphQL, contexts: Contexts, ada: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    statements = _profile_statements(contexts, monkeypatch)
    body = gql(PROFILE, token=ada)
    assert body["data"]["viewer"]["specialCircumstances"] == {"isSharingConsentGiven": False, "records": []}
    assert len(statements) == 2


def test_an_account_s_users_show_only_the_viewer_s_own_profile(
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    ada: str,
    grace_token: str,
    catch_up: Callable[[], int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given
    statements = _profile_statements(contexts, monkeypatch)
    # when Grace lists the users of the account she shares with Ada
    body = gql(USERS, {"number": customer["account_number"]}, token=grace_token)
    # then she sees her own preferences and records, never Ada's, for one statement each
    users = {u["email"]: u for u in body["data"]["account"]["users"]}
    assert users["ada@example.com"]["preferences"] is None
    assert users["ada@example.com"]["specialCircumstances"] is None
    assert users["grace@example.com"]["preferences"] == {"fontSizeMultiplier": 1.0}
    assert users["grace@example.com"]["specialCircumstances"] == {"records": []}
    assert len(statements) == 2
