"""modifyMeter: corrections to a meter's serial number, installation date and location."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from domain.shared.clock import FrozenClock
from domain.supply.water_meter import WaterMeter
from projections.contexts import Contexts
from tests.api.accounts.homes import home
from tests.api.supply.meters import METER_FIELDS, install, meters, submit
from tests.helpers import GraphQL, refused_with

MODIFY = f"""
mutation ModifyMeter($input: ModifyMeterInput!) {{
  modifyMeter(input: $input) {{ meter {{ {METER_FIELDS} }} }}
}}
"""


@pytest.fixture
def today(clock: FrozenClock) -> date:
    return clock.now().date()


@pytest.fixture
def meter(gql: GraphQL, token: str, property_id: str, today: date) -> dict[str, Any]:
    body = install(gql, token, property_id, "SN-5", (today - timedelta(days=10)).isoformat())
    fitted: dict[str, Any] = body["data"]["installMeter"]["meter"]
    return fitted


def modify(gql: GraphQL, token: str, property_id: str, serial: str, **changes: Any) -> dict:
    return gql(MODIFY, {"input": {"propertyId": property_id, "serialNumber": serial, **changes}}, token=token)


def test_each_correction_is_its_own_event_and_is_read_back(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    token: str,
    property_id: str,
    meter: dict,
    today: date,
    catch_up: Callable[[], int],
) -> None:
    # when
    day = (today - timedelta(days=12)).isoformat()
    body = modify(gql, token, property_id, "SN-5", newSerialNumber="sn-6", installationDate=day, location="Kitchen")
    # then
    changed = body["data"]["modifyMeter"]["meter"]
    assert (changed["serialNumber"], changed["installationDate"], changed["location"]) == ("SN-6", day, "Kitchen")
    events = list(contexts.supply.repository.event_store.get(WaterMeter.id_for(meter["id"])))
    assert [type(e).__name__ for e in events[1:]] == [
        "SerialCorrected",
        "InstallationDateCorrected",
        "LocationRecorded",
    ]
    catch_up()
    [read] = meters(gql, token, property_id)
    assert (read["serialNumber"], read["installationDate"], read["location"]) == ("SN-6", day, "Kitchen")


def test_no_such_meter_at_the_property_is_kt_gb_11006(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, meter: dict, today: date
) -> None:
    other = home(contexts, customer["account_number"], today, line1="2 Mill Lane")
    refused_with(modify(gql, token, other, "SN-5", location="Hall"), "KT-GB-11006")


def test_a_malformed_or_taken_serial_is_kt_gb_11001(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, property_id: str, meter: dict, today: date
) -> None:
    install(
        gql, token, home(contexts, customer["account_number"], today, line1="2 Mill Lane"), "SN-9", today.isoformat()
    )
    refused_with(modify(gql, token, property_id, "SN-5", newSerialNumber="?"), "KT-GB-11001")
    refused_with(modify(gql, token, property_id, "SN-5", newSerialNumber="SN-9"), "KT-GB-11001")


def test_a_date_after_the_first_reading_or_a_removed_meter_is_kt_gb_11005(
    gql: GraphQL, customer: dict[str, str], token: str, property_id: str, meter: dict, today: date
) -> None:
    submit(gql, token, customer["account_number"], "SN-5", 3, (today - timedelta(days=5)).isoformat())
    refused_with(modify(gql, token, property_id, "SN-5", installationDate=today.isoformat()), "KT-GB-11005")
    exchange = {
        "propertyId": property_id,
        "oldMeterSerialNumber": "SN-5",
        "finalReading": 5,
        "newMeterSerialNumber": "SN-8",
        "initialReading": 0,
        "exchangeDate": today.isoformat(),
    }
    gql(
        "mutation($i: ExchangeMeterInputType!) { exchangeMeter(input: $i) { meter { id } } }",
        {"i": exchange},
        token=token,
    )
    refused_with(modify(gql, token, property_id, "SN-5", location="Hall"), "KT-GB-11005")
