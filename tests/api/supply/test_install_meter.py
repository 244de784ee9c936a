"""installMeter: a meter fitted on an unmetered property, with its opening reading."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from tests.api.accounts.homes import customer_token, home
from tests.api.identity.acting_for_others import organisation, organisation_token
from tests.api.supply.meters import INSTALL, install, meters
from tests.helpers import GraphQL, refused_with


@pytest.fixture
def today(clock: FrozenClock) -> date:
    return clock.now().date()


def test_the_occupier_fits_a_meter_and_reads_it_and_its_opening_reading_back(
    backend: str, gql: GraphQL, token: str, property_id: str, today: date, catch_up: Callable[[], int]
) -> None:
    # when
    day = (today - timedelta(days=3)).isoformat()
    body = install(
        gql, token, property_id, "sn-12345", day, 42, location="Front path", numberOfDigits=6, capabilityType="SMART"
    )
    # then
    meter = body["data"]["installMeter"]["meter"]
    assert (meter["serialNumber"], meter["numberOfDigits"], meter["capabilityType"]) == ("SN-12345", 6, "SMART")
    assert (meter["installationDate"], meter["activeTo"], meter["location"]) == (day, None, "Front path")
    catch_up()
    [read] = meters(gql, token, property_id)
    assert {k: v for k, v in read.items() if k != "readings"} == meter
    assert [edge["node"] for edge in read["readings"]["edges"]] == [
        {
            "id": f"{meter['id']}-1",
            "valueCubicMetres": "42.000",
            "readingDate": day,
            "source": "OPS",
            "isHeld": False,
            "isQuarantined": False,
        }
    ]


def test_an_organisation_fits_a_meter_at_any_property(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], property_id: str, today: date
) -> None:
    _, key = organisation(contexts)
    body = install(
        gql, organisation_token(gql, key), property_id, "SN-1", today.isoformat(), meterPointReference="3012345678w13"
    )
    assert body["data"]["installMeter"]["meter"]["meterPointReference"] == "3012345678W13"


@pytest.mark.parametrize(
    ("serial", "reading", "more"),
    [("x", 0, {}), ("SN-1", 100_000, {}), ("SN-1", -1, {}), ("SN-1", 0, {"numberOfDigits": 3}), ("S" * 33, 0, {})],
)
def test_a_meter_that_fails_validation_is_kt_gb_11001(
    gql: GraphQL, token: str, property_id: str, today: date, serial: str, reading: int, more: dict
) -> None:
    refused_with(install(gql, token, property_id, serial, today.isoformat(), reading, **more), "KT-GB-11001")


def test_a_serial_fitted_at_another_property_is_kt_gb_11001(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, property_id: str, today: date
) -> None:
    other = home(contexts, customer["account_number"], today, line1="2 Mill Lane")
    install(gql, token, other, "SN-1", today.isoformat())
    refused_with(install(gql, token, property_id, "sn-1", today.isoformat()), "KT-GB-11001")


def test_a_property_that_cannot_be_fitted_is_kt_gb_11003(
    gql: GraphQL, contexts: Contexts, token: str, property_id: str, today: date
) -> None:
    # unknown, in the future, before the property was known, and another customer's home
    refused_with(install(gql, token, "1000000", "SN-1", today.isoformat()), "KT-GB-11003")
    refused_with(install(gql, token, property_id, "SN-1", (today + timedelta(days=1)).isoformat()), "KT-GB-11003")
    refused_with(install(gql, token, property_id, "SN-1", (today - timedelta(days=90)).isoformat()), "KT-GB-11003")
    number, _ = customer_token(contexts, "grace@example.org", "Grace Hopper")
    theirs = home(contexts, number, today, line1="9 Mill Lane")
    refused_with(install(gql, token, theirs, "SN-1", today.isoformat()), "KT-GB-11003")
    # and a property that already has a meter
    install(gql, token, property_id, "SN-1", today.isoformat())
    refused_with(install(gql, token, property_id, "SN-2", today.isoformat()), "KT-GB-11003")


def test_without_a_token_it_is_kt_ct_1112(gql: GraphQL, property_id: str, today: date) -> None:
    variables = {"propertyId": property_id, "serialNumber": "SN-1", "installationDate": today.isoformat()}
    body = gql(INSTALL, {"input": {**variables, "initialReading": 0}})
    refused_with(body, "KT-CT-1112")
