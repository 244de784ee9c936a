"""terminateCreditTransferPermission: a permission ends now, or at the time given."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from domain.payments import commands
from domain.payments.credit_transfer_permission import CreditTransferPermission
from domain.payments.ledger import LedgerKind
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.helpers import GraphQL, refused_with

TERMINATE = """
mutation TerminateCreditTransferPermission($input: TerminateCreditTransferPermissionInput!) {
  terminateCreditTransferPermission(input: $input) { validTo }
}
"""


def terminate(
    gql: GraphQL, token: str | None, source: str, target: str, active_at: str | None = None
) -> dict[str, Any]:
    given: dict[str, Any] = {"sourceLedgerNumber": source, "targetLedgerNumber": target}
    if active_at is not None:
        given["activeAt"] = active_at
    return gql(TERMINATE, {"input": given}, token=token)


@pytest.fixture
def storage(contexts: Contexts, customer: dict[str, str], ledger: str) -> str:
    """A credit storage ledger of Ada's, allowed to move credit to her main ledger since now."""
    number = contexts.payments.open_ledger(customer["account_number"], LedgerKind.CREDIT_STORAGE).number
    contexts.payments.create_credit_transfer_permission(
        commands.CreateCreditTransferPermission(source_ledger_number=number, target_ledger_number=ledger)
    )
    return number


def test_a_permission_ends_now_by_default(
    backend: str, gql: GraphQL, contexts: Contexts, clock: FrozenClock, token: str, ledger: str, storage: str
) -> None:
    # given
    clock.advance(timedelta(minutes=20))
    # when
    body = terminate(gql, token, storage, ledger)
    # then
    assert body == {"data": {"terminateCreditTransferPermission": {"validTo": clock.now().isoformat()}}}
    permission = contexts.payments.load(CreditTransferPermission.id_for(storage, ledger))
    assert not permission.active_at(clock.now())


def test_a_permission_can_end_at_a_later_time_and_is_active_until_then(
    gql: GraphQL, contexts: Contexts, clock: FrozenClock, token: str, ledger: str, storage: str
) -> None:
    ends = clock.now() + timedelta(days=10)
    body = terminate(gql, token, storage, ledger, ends.isoformat())
    assert body["data"]["terminateCreditTransferPermission"]["validTo"] == ends.isoformat()
    permission = contexts.payments.load(CreditTransferPermission.id_for(storage, ledger))
    assert permission.active_at(clock.now()) and not permission.active_at(ends)


def test_a_terminated_permission_is_kt_ct_3825(gql: GraphQL, token: str, ledger: str, storage: str) -> None:
    terminate(gql, token, storage, ledger)
    refused_with(terminate(gql, token, storage, ledger), "KT-CT-3825")


def test_a_time_before_the_permission_began_is_kt_ct_3825(
    gql: GraphQL, clock: FrozenClock, token: str, ledger: str, storage: str
) -> None:
    refused_with(terminate(gql, token, storage, ledger, (clock.now() - timedelta(days=1)).isoformat()), "KT-CT-3825")


def test_the_other_direction_was_never_permitted_kt_ct_3825(
    gql: GraphQL, token: str, ledger: str, storage: str
) -> None:
    refused_with(terminate(gql, token, ledger, storage), "KT-CT-3825")


def test_a_ledger_that_does_not_exist_is_kt_ct_3827(gql: GraphQL, token: str, storage: str) -> None:
    refused_with(terminate(gql, token, storage, "L-ZZZZZZZZ"), "KT-CT-3827")


def test_another_customer_s_ledger_is_kt_ct_3822(
    gql: GraphQL, ledger: str, storage: str, stranger: dict[str, str]
) -> None:
    refused_with(terminate(gql, stranger["token"], storage, ledger), "KT-CT-3822")


def test_a_bad_token_is_kt_ct_1111(gql: GraphQL, ledger: str, storage: str) -> None:
    refused_with(terminate(gql, "not-a-token", storage, ledger), "KT-CT-1111")


def test_without_an_authorization_header_it_is_kt_ct_1112(gql: GraphQL, ledger: str, storage: str) -> None:
    refused_with(terminate(gql, None, storage, ledger), "KT-CT-1112")
