"""updatePropertyType: an occupier of a property says what kind of building it is."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from domain.accounts import commands
from domain.accounts.property import Property
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.accounts.homes import customer_token, home
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.helpers import GraphQL, refused_with

UPDATE = """
mutation UpdatePropertyType($input: UpdatePropertyTypeInput!) {
  updatePropertyType(input: $input) { propertyId }
}
"""
PROPERTIES = "query($number: String!) { account(accountNumber: $number) { properties { id propertyType } } }"


def update(gql: GraphQL, token: str | None, account_number: str, property_id: str, kind: str) -> dict[str, Any]:
    variables = {"accountNumber": account_number, "propertyId": property_id, "propertyType": kind}
    return gql(UPDATE, {"input": variables}, token=token)


def test_the_occupier_declares_the_property_type_and_reads_it_back(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    property_id: str,
    catch_up: Callable[[], int],
) -> None:
    # when
    body = update(gql, token, customer["account_number"], property_id, "SEMI_DETACHED")
    # then
    assert body == {"data": {"updatePropertyType": {"propertyId": property_id}}}
    catch_up()
    read = gql(PROPERTIES, {"number": customer["account_number"]}, token=token)
    assert read["data"]["account"]["properties"] == [{"id": property_id, "propertyType": "SEMI_DETACHED"}]
    declared = list(contexts.accounts.repository.event_store.get(Property.id_for(property_id)))[-1]
    assert isinstance(declared, Property.TypeDeclared) and declared.declared_by == f"user:{customer['user_id']}"


def test_an_account_moving_in_later_may_already_declare_it(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, clock: FrozenClock
) -> None:
    later = home(contexts, customer["account_number"], clock.now().date() + timedelta(days=7))
    assert update(gql, token, customer["account_number"], later, "FLAT")["data"]["updatePropertyType"] is not None


def test_a_type_without_an_assessed_charge_band_is_kt_gb_5418(
    gql: GraphQL, customer: dict[str, str], token: str, property_id: str
) -> None:
    refused_with(update(gql, token, customer["account_number"], property_id, "OTHER"), "KT-GB-5418")


def test_a_property_not_the_account_s_is_kt_gb_5418(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, property_id: str, clock: FrozenClock
) -> None:
    number = customer["account_number"]
    other_number, _ = customer_token(contexts, "charles@example.com", "Charles Babbage")
    elsewhere = home(contexts, other_number, line1="9 Other Road")
    refused_with(update(gql, token, number, elsewhere, "FLAT"), "KT-GB-5418")
    refused_with(update(gql, token, number, "1000000", "FLAT"), "KT-GB-5418")
    contexts.accounts.vacate_property(
        commands.VacateProperty(account_number=number, property_id=property_id, effective_to=clock.now().date())
    )
    refused_with(update(gql, token, number, property_id, "FLAT"), "KT-GB-5418")


def test_another_customer_s_account_is_kt_gb_5418_and_changes_nothing(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], property_id: str
) -> None:
    _, stranger = customer_token(contexts, "charles@example.com", "Charles Babbage")
    refused_with(update(gql, stranger, customer["account_number"], property_id, "FLAT"), "KT-GB-5418")
    untouched = contexts.accounts.property(property_id)
    assert untouched is not None and untouched.built_form is None


def test_an_organisation_declares_for_any_account(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], property_id: str
) -> None:
    _, key = organisation(contexts)
    body = update(gql, organisation_token(gql, key), customer["account_number"], property_id, "DETACHED")
    assert body["data"]["updatePropertyType"] == {"propertyId": property_id}


def test_without_an_authorization_header_it_is_kt_ct_1112(
    gql: GraphQL, customer: dict[str, str], property_id: str
) -> None:
    refused_with(update(gql, None, customer["account_number"], property_id, "FLAT"), "KT-CT-1112")


def test_an_over_long_account_number_is_kt_gb_5418(gql: GraphQL, token: str, property_id: str) -> None:
    refused_with(update(gql, token, "A-" + "X" * 40, property_id, "FLAT"), "KT-GB-5418")
