"""exchangeMeter: the old meter's final reading and the new one's opening reading in one decision."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from domain.shared.clock import FrozenClock
from projections.contexts import Contexts
from projections.pages import Window
from tests.api.supply.meters import METER_FIELDS, install, meters
from tests.helpers import GraphQL, refused_with

EXCHANGE = f"""
mutation ExchangeMeter($input: ExchangeMeterInputType!) {{
  exchangeMeter(input: $input) {{ meter {{ {METER_FIELDS} }} }}
}}
"""


@pytest.fixture
def today(clock: FrozenClock) -> date:
    return clock.now().date()


@pytest.fixture
def old(gql: GraphQL, token: str, property_id: str, today: date) -> dict[str, Any]:
    body = install(gql, token, property_id, "SN-OLD", (today - timedelta(days=20)).isoformat(), 10, location="Hall")
    fitted: dict[str, Any] = body["data"]["installMeter"]["meter"]
    return fitted


def exchange(gql: GraphQL, token: str, property_id: str, final: int, new: str, day: date, **more: Any) -> dict:
    variables = {
        "propertyId": property_id,
        "oldMeterSerialNumber": "SN-OLD",
        "finalReading": final,
        "newMeterSerialNumber": new,
        "initialReading": 0,
        "exchangeDate": day.isoformat(),
    }
    return gql(EXCHANGE, {"input": {**variables, **more}}, token=token)


def test_the_new_meter_is_active_and_both_readings_are_on_the_exchange_day(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    token: str,
    property_id: str,
    old: dict,
    today: date,
    catch_up: Callable[[], int],
) -> None:
    # when
    day = today - timedelta(days=1)
    body = exchange(gql, token, property_id, 30, "sn-new", day, numberOfDigits=6)
    # then
    new = body["data"]["exchangeMeter"]["meter"]
    assert (new["serialNumber"], new["installationDate"], new["numberOfDigits"]) == ("SN-NEW", day.isoformat(), 6)
    assert (new["meterPointReference"], new["location"]) == (old["meterPointReference"], "Hall")
    catch_up()
    [active] = meters(gql, token, property_id)
    assert active["id"] == new["id"]
    assert [e["node"]["source"] for e in active["readings"]["edges"]] == ["OPS"]
    [removed] = [m for m in contexts.read.water_meters.of_properties([property_id])[0] if m["id"] == old["id"]]
    assert removed["removed_on"] == day
    finals = contexts.read.meter_readings.pages(False, False, Window(size=10), [old["id"]])[0].rows
    assert [(r["value"], r["kind"]) for r in finals] == [(30, "METER_EXCHANGE"), (10, "OPENING")]


def test_a_new_meter_that_fails_validation_is_kt_gb_11001(
    gql: GraphQL, token: str, property_id: str, old: dict, today: date
) -> None:
    day = today - timedelta(days=1)
    refused_with(exchange(gql, token, property_id, 30, "?", day), "KT-GB-11001")
    refused_with(exchange(gql, token, property_id, 5, "SN-NEW", day), "KT-GB-11001")


def test_an_old_meter_not_active_there_or_a_date_out_of_range_is_kt_gb_11002(
    gql: GraphQL, token: str, property_id: str, old: dict, today: date
) -> None:
    refused_with(exchange(gql, token, "1000000", 30, "SN-NEW", today), "KT-GB-11002")
    refused_with(exchange(gql, token, property_id, 30, "SN-NEW", today + timedelta(days=1)), "KT-GB-11002")
    refused_with(exchange(gql, token, property_id, 30, "SN-NEW", today - timedelta(days=21)), "KT-GB-11002")
