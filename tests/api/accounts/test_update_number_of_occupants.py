"""updateNumberOfOccupants: the account occupying a property today says how many people live there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from domain.accounts import commands
from domain.accounts.property import Property
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from settings import Settings
from tests.api.accounts.homes import customer_token, home
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.loyalty.conftest import served, token_for
from tests.helpers import GraphQL, refused_with

UPDATE = """
mutation UpdateNumberOfOccupants($input: UpdateNumberOfOccupantsInput!) {
  updateNumberOfOccupants(input: $input) { propertyId }
}
"""
OCCUPANTS = "query($id: ID!) { property(id: $id) { id numberOfOccupants } }"


def update(gql: GraphQL, token: str | None, account_number: str, property_id: str, count: Any) -> dict[str, Any]:
    variables = {"accountNumber": account_number, "propertyId": property_id, "numberOfOccupants": count}
    return gql(UPDATE, {"input": variables}, token=token)


def test_the_occupier_declares_how_many_live_there_and_reads_it_back(
    backend: str, gql: GraphQL, customer: dict[str, str], token: str, property_id: str, catch_up: Callable[[], int]
) -> None:
    # when
    body = update(gql, token, customer["account_number"], property_id, 3)
    # then
    assert body == {"data": {"updateNumberOfOccupants": {"propertyId": property_id}}}
    catch_up()
    assert gql(OCCUPANTS, {"id": property_id}, token=token)["data"]["property"] == {
        "id": property_id,
        "numberOfOccupants": 3,
    }


def test_the_declaration_records_who_made_it_and_from_when(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, property_id: str, clock: FrozenClock
) -> None:
    # when
    update(gql, token, customer["account_number"], property_id, 2)
    # then
    declared = list(contexts.accounts.repository.event_store.get(Property.id_for(property_id)))[-1]
    assert isinstance(declared, Property.OccupantsDeclared) and declared.count == 2
    assert (declared.declared_by, declared.effective_from) == (f"user:{customer['user_id']}", clock.now().date())


@pytest.mark.parametrize("count", [0, -3, 21])
def test_fewer_than_one_or_more_than_twenty_occupants_is_kt_ct_6628(
    gql: GraphQL, customer: dict[str, str], token: str, property_id: str, count: int
) -> None:
    refused_with(update(gql, token, customer["account_number"], property_id, count), "KT-CT-6628")


def test_the_maximum_is_a_setting(
    settings: Settings, clock: FrozenClock, contexts: Contexts, customer: dict[str, str], property_id: str
) -> None:
    token = token_for(contexts, customer["email"])
    with served(settings, clock, max_occupants=4) as other:
        refused_with(update(other, token, customer["account_number"], property_id, 5), "KT-CT-6628")
        assert update(other, token, customer["account_number"], property_id, 4)["data"] is not None


def test_a_property_the_account_left_or_never_occupied_is_kt_ct_6628(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, property_id: str, clock: FrozenClock
) -> None:
    number = customer["account_number"]
    contexts.accounts.vacate_property(
        commands.VacateProperty(account_number=number, property_id=property_id, effective_to=clock.now().date())
    )
    refused_with(update(gql, token, number, property_id, 2), "KT-CT-6628")
    other_number, _ = customer_token(contexts, "charles@example.com", "Charles Babbage")
    elsewhere = home(contexts, other_number, line1="9 Other Road")
    refused_with(update(gql, token, number, elsewhere, 2), "KT-CT-6628")
    for unknown in ("1000000", "not-an-id"):
        refused_with(update(gql, token, number, unknown, 2), "KT-CT-6628")


def test_another_customer_s_account_is_kt_ct_6628_and_changes_nothing(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], property_id: str
) -> None:
    _, stranger = customer_token(contexts, "charles@example.com", "Charles Babbage")
    refused_with(update(gql, stranger, customer["account_number"], property_id, 2), "KT-CT-6628")
    untouched = contexts.accounts.property(property_id)
    assert untouched is not None and untouched.occupants is None


def test_an_organisation_declares_for_any_account(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], property_id: str
) -> None:
    _, key = organisation(contexts)
    body = update(gql, organisation_token(gql, key), customer["account_number"], property_id, 5)
    assert body["data"]["updateNumberOfOccupants"] == {"propertyId": property_id}


def test_without_an_authorization_header_it_is_kt_ct_1112(
    gql: GraphQL, customer: dict[str, str], property_id: str
) -> None:
    refused_with(update(gql, None, customer["account_number"], property_id, 2), "KT-CT-1112")


def test_an_over_long_property_id_is_kt_ct_6628(gql: GraphQL, customer: dict[str, str], token: str) -> None:
    refused_with(update(gql, token, customer["account_number"], "1" * 33, 2), "KT-CT-6628")
