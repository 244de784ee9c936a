"""`account { properties }`, `property(id)` and `properties(accountNumber, active)`: a customer's homes
and their occupancy periods, seen by their own users and by organisations only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from domain.accounts import commands
from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.accounts.homes import customer_token, home
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.loyalty.conftest import token_for
from tests.helpers import GraphQL, error_codes

PERIODS = "occupancyPeriods { id effectiveFrom effectiveTo isOccupier }"
ACCOUNT = f"""
query($number: String!, $activeFrom: DateTime) {{
  account(accountNumber: $number) {{
    properties(activeFrom: $activeFrom) {{
      id address postcode splitAddress
      richAddress {{ streetAddress locality postalCode country }}
      {PERIODS} propertyType numberOfOccupants
    }}
  }}
}}
"""
PROPERTY = f"query($id: ID!) {{ property(id: $id) {{ id postcode {PERIODS} }} }}"
PROPERTIES = "query($number: String!, $active: Boolean) { properties(accountNumber: $number, active: $active) { id } }"
# The clock fixture's today is 2026-01-15.
MOVED = date(2026, 1, 10)


@pytest.fixture
def moved_house(contexts: Contexts, customer: dict[str, str], catch_up: Callable[[], int]) -> dict[str, str]:
    """Ada's account left its first home on 10 January for a second; Charles's moved into the first."""
    number = customer["account_number"]
    first = home(contexts, number, date(2024, 5, 1), line1="1 Mill Lane")
    contexts.accounts.vacate_property(
        commands.VacateProperty(account_number=number, property_id=first, effective_to=MOVED)
    )
    second = home(contexts, number, MOVED, line1="7 Station Road")
    declared = {"account_number": number, "property_id": second, "declared_by": "test"}
    contexts.accounts.update_property_type(commands.UpdatePropertyType(**declared, property_type="TERRACED"))
    contexts.accounts.update_number_of_occupants(commands.UpdateNumberOfOccupants(**declared, number_of_occupants=2))
    charles, charles_token = customer_token(contexts, "charles@example.com", "Charles Babbage")
    contexts.accounts.occupy_property(
        commands.OccupyProperty(account_number=charles, property_id=first, effective_from=MOVED)
    )
    catch_up()
    return {"first": first, "second": second, "charles": charles, "charles token": charles_token}


def test_an_account_lists_its_homes_with_their_addresses_and_its_own_periods(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict[str, str], moved_house: dict[str, str]
) -> None:
    # when
    body = gql(ACCOUNT, {"number": customer["account_number"]}, token=token_for(contexts, customer["email"]))
    # then
    assert "errors" not in body, body
    first, second = body["data"]["account"]["properties"]
    assert first == {
        "id": moved_house["first"],
        "address": "1 Mill Lane, Little Eaton, Derby, DE21 5AB",
        "postcode": "DE21 5AB",
        "splitAddress": ["1 Mill Lane", "Little Eaton", "Derby", "DE21 5AB"],
        "richAddress": {
            "streetAddress": "1 Mill Lane\nLittle Eaton",
            "locality": "Derby",
            "postalCode": "DE21 5AB",
            "country": "GB",
        },
        "occupancyPeriods": [
            {
                "id": f"{moved_house['first']}-1",
                "effectiveFrom": "2024-05-01T00:00:00+01:00",
                "effectiveTo": "2026-01-10T00:00:00+00:00",
                "isOccupier": False,
            }
        ],
        "propertyType": None,
        "numberOfOccupants": None,
    }
    assert (second["id"], second["propertyType"], second["numberOfOccupants"]) == (moved_house["second"], "TERRACED", 2)
    assert [(p["effectiveFrom"], p["effectiveTo"]) for p in second["occupancyPeriods"]] == [
        ("2026-01-10T00:00:00+00:00", None)
    ]


def test_active_from_leaves_out_homes_left_before_it(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], moved_house: dict[str, str]
) -> None:
    token = token_for(contexts, customer["email"])
    variables = {"number": customer["account_number"]}
    ids = []
    for moment in ("2026-01-10T00:00:00Z", "2026-01-10T00:00:01Z"):
        body = gql(ACCOUNT, {**variables, "activeFrom": moment}, token=token)
        ids.append([p["id"] for p in body["data"]["account"]["properties"]])
    assert ids == [[moved_house["first"], moved_house["second"]], [moved_house["second"]]]


def test_properties_of_an_account_active_today_or_not(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], moved_house: dict[str, str]
) -> None:
    token = token_for(contexts, customer["email"])
    found = {
        active: [
            p["id"]
            for p in gql(PROPERTIES, {"number": customer["account_number"], "active": active}, token=token)["data"][
                "properties"
            ]
        ]
        for active in (None, True, False)
    }
    assert found == {
        None: [moved_house["first"], moved_house["second"]],
        True: [moved_house["second"]],
        False: [moved_house["first"]],
    }


def test_another_customer_s_properties_are_kt_ct_1111(
    gql: GraphQL, customer: dict[str, str], moved_house: dict[str, str]
) -> None:
    body = gql(PROPERTIES, {"number": customer["account_number"]}, token=moved_house["charles token"])
    assert body["data"]["properties"] is None and error_codes(body) == ["KT-CT-1111"]


def test_a_user_sees_a_property_with_their_own_periods_only(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], moved_house: dict[str, str]
) -> None:
    ada = token_for(contexts, customer["email"])
    for token in (ada, moved_house["charles token"]):
        seen = gql(PROPERTY, {"id": moved_house["first"]}, token=token)["data"]["property"]
        assert seen["id"] == moved_house["first"] and len(seen["occupancyPeriods"]) == 1
    charles_sees = gql(PROPERTY, {"id": moved_house["second"]}, token=moved_house["charles token"])
    assert charles_sees == {"data": {"property": None}}


def test_an_organisation_sees_every_period_of_a_property(
    gql: GraphQL, contexts: Contexts, moved_house: dict[str, str]
) -> None:
    _, key = organisation(contexts)
    seen = gql(PROPERTY, {"id": moved_house["first"]}, token=organisation_token(gql, key))["data"]["property"]
    assert [p["id"] for p in seen["occupancyPeriods"]] == [f"{moved_house['first']}-1", f"{moved_house['first']}-2"]


@pytest.mark.parametrize("unknown", ["1000000", "nope", "-1"])
def test_an_unknown_property_is_null(gql: GraphQL, contexts: Contexts, customer: dict[str, str], unknown: str) -> None:
    body = gql(PROPERTY, {"id": unknown}, token=token_for(contexts, customer["email"]))
    assert body == {"data": {"property": None}}


def test_without_a_token_a_property_is_kt_ct_1112(gql: GraphQL, moved_house: dict[str, str]) -> None:
    body = gql(PROPERTY, {"id": moved_house["first"]})
    assert error_codes(body) == ["KT-CT-1112"]


def test_a_home_registered_today_is_occupied_from_today(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], clock: FrozenClock, catch_up: Callable[[], int]
) -> None:
    registered = home(contexts, customer["account_number"])
    catch_up()
    body = gql(PROPERTY, {"id": registered}, token=token_for(contexts, customer["email"]))
    [period] = body["data"]["property"]["occupancyPeriods"]
    assert period["effectiveFrom"].startswith(clock.now().date().isoformat()) and period["effectiveTo"] is None
