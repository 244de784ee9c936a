"""createCreditTransferPermission: credit may move between two of the viewer's ledgers, one storing credit."""

from __future__ import annotations

from typing import Any

import pytest

from domain.payments.credit_transfer_permission import CreditTransferPermission
from domain.payments.ledger import LedgerKind
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.helpers import GraphQL, refused_with

CREATE = """
mutation CreateCreditTransferPermission($input: CreateCreditTransferPermissionInput!) {
  createCreditTransferPermission(input: $input) { validFrom }
}
"""


def create(gql: GraphQL, token: str | None, source: str, target: str) -> dict[str, Any]:
    return gql(CREATE, {"input": {"sourceLedgerNumber": source, "targetLedgerNumber": target}}, token=token)


@pytest.fixture
def storage(contexts: Contexts, customer: dict[str, str], ledger: str) -> str:
    """A credit storage ledger of Ada's account, beside her main ledger."""
    return contexts.payments.open_ledger(customer["account_number"], LedgerKind.CREDIT_STORAGE).number


def test_a_permission_from_the_credit_storage_ledger_to_the_main_ledger_is_valid_from_now(
    backend: str, gql: GraphQL, contexts: Contexts, clock: FrozenClock, token: str, ledger: str, storage: str
) -> None:
    # when
    body = create(gql, token, storage, ledger)
    # then
    assert body == {"data": {"createCreditTransferPermission": {"validFrom": clock.now().isoformat()}}}
    permission = contexts.payments.load(CreditTransferPermission.id_for(storage, ledger))
    assert permission.active_at(clock.now())


def test_either_ledger_may_be_the_credit_storage_one(gql: GraphQL, token: str, ledger: str, storage: str) -> None:
    assert create(gql, token, ledger, storage)["data"]["createCreditTransferPermission"]["validFrom"]


def test_an_organisation_may_create_one_for_any_account(
    gql: GraphQL, contexts: Contexts, ledger: str, storage: str
) -> None:
    _, key = organisation(contexts)
    assert create(gql, organisation_token(gql, key), storage, ledger)["data"]["createCreditTransferPermission"]


def test_an_active_permission_is_kt_ct_3829(gql: GraphQL, token: str, ledger: str, storage: str) -> None:
    create(gql, token, storage, ledger)
    refused_with(create(gql, token, storage, ledger), "KT-CT-3829")


def test_two_ledgers_neither_storing_credit_are_kt_ct_3828(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, ledger: str
) -> None:
    # given a second ledger of Ada's that is not a credit storage ledger
    other = contexts.payments.open_ledger(customer["account_number"], LedgerKind.MAIN).number
    # then
    refused_with(create(gql, token, ledger, other), "KT-CT-3828")


def test_a_ledger_to_itself_is_kt_ct_3827(gql: GraphQL, token: str, storage: str) -> None:
    refused_with(create(gql, token, storage, storage), "KT-CT-3827")


@pytest.mark.parametrize("unknown", ["L-ZZZZZZZZ", "nonsense", ""])
def test_a_ledger_that_does_not_exist_is_kt_ct_3827(gql: GraphQL, token: str, storage: str, unknown: str) -> None:
    refused_with(create(gql, token, storage, unknown), "KT-CT-3827")
    refused_with(create(gql, token, unknown, storage), "KT-CT-3827")


def test_another_customer_s_ledger_is_kt_ct_3822(
    gql: GraphQL, token: str, storage: str, stranger: dict[str, str]
) -> None:
    refused_with(create(gql, token, storage, stranger["ledger"]), "KT-CT-3822")


def test_a_bad_token_is_kt_ct_1111(gql: GraphQL, ledger: str, storage: str) -> None:
    refused_with(create(gql, "not-a-token", storage, ledger), "KT-CT-1111")


def test_without_an_authorization_header_it_is_kt_ct_1112(gql: GraphQL, ledger: str, storage: str) -> None:
    refused_with(create(gql, None, storage, ledger), "KT-CT-1112")
