"""updateAccountReference: changes the account's identifier in a namespace, releasing the old value."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from domain.shared.clock import FrozenClock
from ops import runtime
from tests.api.accounts.references import CREATE, UPDATE, reference_input, references
from tests.api.loyalty.conftest import token_for
from tests.helpers import GraphQL, refused_with


@pytest.fixture
def attached(gql: GraphQL, customer: dict, token: str) -> dict:
    """Ada's account has CRM-1 in crm."""
    body = gql(CREATE, reference_input(customer["account_number"], "CRM-1"), token=token)
    reference: dict = body["data"]["createAccountReference"]["accountReference"]
    return reference


def test_the_viewer_changes_the_value_and_the_account_shows_it_with_its_creation_kept(
    backend: str,
    gql: GraphQL,
    customer: dict,
    token: str,
    attached: dict,
    clock: FrozenClock,
    catch_up: Callable[[], int],
) -> None:
    # given
    clock.advance(timedelta(minutes=5))
    # when
    body = gql(UPDATE, reference_input(customer["account_number"], "CRM-2"), token=token)
    # then
    assert "errors" not in body, body["errors"]
    reference = body["data"]["updateAccountReference"]["accountReference"]
    assert (reference["value"], reference["createdAt"]) == ("CRM-2", attached["createdAt"])
    assert reference["updatedAt"] > attached["updatedAt"]
    catch_up()
    assert references(gql, token, customer["account_number"]) == [reference]


def test_the_old_value_is_released_for_another_account(
    gql: GraphQL, contexts: runtime.Contexts, customer: dict, token: str, attached: dict, stranger: dict
) -> None:
    charles = token_for(contexts, "charles@example.com")
    assert "errors" not in gql(CREATE, reference_input(stranger["account_number"], "CRM-9"), token=charles)
    refused_with(gql(UPDATE, reference_input(stranger["account_number"], "CRM-1"), token=charles), "KT-CT-8311")
    assert "errors" not in gql(UPDATE, reference_input(customer["account_number"], "CRM-2"), token=token)
    body = gql(UPDATE, reference_input(stranger["account_number"], "CRM-1"), token=charles)
    assert body["data"]["updateAccountReference"]["accountReference"]["value"] == "CRM-1"


def test_a_stranger_is_refused_with_4123(
    gql: GraphQL, contexts: runtime.Contexts, customer: dict, attached: dict, stranger: dict
) -> None:
    charles = token_for(contexts, "charles@example.com")
    refused_with(gql(UPDATE, reference_input(customer["account_number"], "CRM-5"), token=charles), "KT-CT-4123")


def test_a_namespace_not_allowed_is_refused_with_8310(gql: GraphQL, customer: dict, token: str) -> None:
    body = gql(UPDATE, reference_input(customer["account_number"], "CRM-5", namespace="crm!"), token=token)
    refused_with(body, "KT-CT-8310")


def test_no_reference_in_the_namespace_or_a_bad_value_is_refused_with_8311(
    gql: GraphQL, customer: dict, token: str, attached: dict
) -> None:
    number = customer["account_number"]
    refused_with(gql(UPDATE, reference_input(number, "B-1", namespace="billing"), token=token), "KT-CT-8311")
    refused_with(gql(UPDATE, reference_input(number, ""), token=token), "KT-CT-8311")
    refused_with(gql(UPDATE, reference_input(number, "v" * 256), token=token), "KT-CT-8311")
