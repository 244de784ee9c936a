"""`account { creditTransferPermissions }`: each period in which credit could move from or to one of
the account's ledgers, the latest granted first, with the `active` filter."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from domain.payments import commands
from domain.payments.ledger import LedgerKind
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.helpers import GraphQL, error_codes

PERMISSIONS = """
query($number: String!, $active: Boolean) {
  account(accountNumber: $number) {
    creditTransferPermissions(active: $active) { sourceLedgerNumber targetLedgerNumber validFrom validTo }
  }
}
"""


def grant(contexts: Contexts, source: str, target: str) -> None:
    contexts.payments.create_credit_transfer_permission(
        commands.CreateCreditTransferPermission(source_ledger_number=source, target_ledger_number=target)
    )


def terminate(contexts: Contexts, source: str, target: str, **at: Any) -> None:
    contexts.payments.terminate_credit_transfer_permission(
        commands.TerminateCreditTransferPermission(source_ledger_number=source, target_ledger_number=target, **at)
    )


@pytest.fixture
def storage(contexts: Contexts, customer: dict[str, str], ledger: str) -> str:
    return contexts.payments.open_ledger(customer["account_number"], LedgerKind.CREDIT_STORAGE).number


@pytest.fixture
def granted(
    contexts: Contexts,
    ledger: str,
    storage: str,
    stranger: dict[str, str],
    clock: FrozenClock,
    catch_up: Callable[[], int],
) -> None:
    """At 09:30 credit may move from Ada's storage ledger to her main ledger; at 09:31 that ends; at
    09:32 it may again, until 10:00; at 09:33 it may also move from her storage ledger to the
    stranger's main ledger. It is 09:34."""
    grant(contexts, storage, ledger)
    clock.advance(timedelta(minutes=1))
    terminate(contexts, storage, ledger)
    clock.advance(timedelta(minutes=1))
    grant(contexts, storage, ledger)
    terminate(contexts, storage, ledger, active_at=clock.now() + timedelta(minutes=28))
    clock.advance(timedelta(minutes=1))
    grant(contexts, storage, stranger["ledger"])
    clock.advance(timedelta(minutes=1))
    catch_up()


def permissions(gql: GraphQL, token: str, number: str, **arguments: Any) -> list[dict[str, Any]]:
    body = gql(PERMISSIONS, {"number": number, **arguments}, token=token)
    assert "errors" not in body, body["errors"]
    found: list[dict[str, Any]] = body["data"]["account"]["creditTransferPermissions"]
    return found


def test_an_account_lists_every_period_of_its_ledgers_permissions_the_latest_granted_first(
    backend: str,
    gql: GraphQL,
    token: str,
    customer: dict[str, str],
    ledger: str,
    storage: str,
    stranger: dict[str, str],
    granted: None,
) -> None:
    assert permissions(gql, token, customer["account_number"]) == [
        {
            "sourceLedgerNumber": storage,
            "targetLedgerNumber": stranger["ledger"],
            "validFrom": "2026-01-15T09:33:00+00:00",
            "validTo": None,
        },
        {
            "sourceLedgerNumber": storage,
            "targetLedgerNumber": ledger,
            "validFrom": "2026-01-15T09:32:00+00:00",
            "validTo": "2026-01-15T10:00:00+00:00",
        },
        {
            "sourceLedgerNumber": storage,
            "targetLedgerNumber": ledger,
            "validFrom": "2026-01-15T09:30:00+00:00",
            "validTo": "2026-01-15T09:31:00+00:00",
        },
    ]


def test_the_active_filter_keeps_the_permissions_active_now_or_those_that_are_not(
    backend: str, gql: GraphQL, token: str, customer: dict[str, str], granted: None
) -> None:
    number = customer["account_number"]
    active = permissions(gql, token, number, active=True)
    assert [p["validFrom"][11:16] for p in active] == ["09:33", "09:32"]
    assert [p["validFrom"][11:16] for p in permissions(gql, token, number, active=False)] == ["09:30"]


def test_the_other_ledger_s_account_sees_the_permission_too(
    gql: GraphQL, storage: str, stranger: dict[str, str], granted: None
) -> None:
    assert permissions(gql, stranger["token"], stranger["account_number"]) == [
        {
            "sourceLedgerNumber": storage,
            "targetLedgerNumber": stranger["ledger"],
            "validFrom": "2026-01-15T09:33:00+00:00",
            "validTo": None,
        }
    ]


def test_an_account_without_permissions_has_an_empty_list(
    gql: GraphQL, token: str, customer: dict[str, str], ledger: str
) -> None:
    assert permissions(gql, token, customer["account_number"]) == []


def test_an_organisation_sees_any_account_s_permissions(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], granted: None
) -> None:
    _, key = organisation(contexts)
    assert len(permissions(gql, organisation_token(gql, key), customer["account_number"])) == 3


def test_a_stranger_is_refused_at_the_account(
    gql: GraphQL, customer: dict[str, str], granted: None, stranger: dict[str, str]
) -> None:
    body = gql(PERMISSIONS, {"number": customer["account_number"]}, token=stranger["token"])
    assert body["data"] == {"account": None} and error_codes(body) == ["KT-CT-1111"]
