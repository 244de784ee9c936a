"""submitMeterReading: the customer's reading of a meter on their account; an implausible one is held."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from domain.shared.clock import FrozenClock
from domain.supply.meter_readings import MeterReadings
from projections.contexts import Contexts
from tests.api.accounts.homes import customer_token
from tests.api.supply.meters import install, meters, submit
from tests.helpers import GraphQL, refused_with


@pytest.fixture
def today(clock: FrozenClock) -> date:
    return clock.now().date()


@pytest.fixture
def meter(gql: GraphQL, token: str, property_id: str, today: date) -> dict[str, Any]:
    """A 5-digit meter fitted at Ada's home ten days ago, reading 100."""
    body = install(gql, token, property_id, "SN-77", (today - timedelta(days=10)).isoformat(), 100)
    fitted: dict[str, Any] = body["data"]["installMeter"]["meter"]
    return fitted


def test_a_plausible_reading_is_accepted_and_read_back_newest_first(
    backend: str,
    gql: GraphQL,
    customer: dict[str, str],
    token: str,
    property_id: str,
    meter: dict,
    today: date,
    catch_up: Callable[[], int],
) -> None:
    # when
    body = submit(gql, token, customer["account_number"], "sn-77", 122, today.isoformat())
    # then
    reading = body["data"]["submitMeterReading"]["reading"]
    assert reading == {
        "id": f"{meter['id']}-2",
        "meterSerialNumber": "SN-77",
        "valueCubicMetres": "122.000",
        "readingDate": today.isoformat(),
        "source": "CUSTOMER",
        "isHeld": False,
        "isQuarantined": False,
    }
    catch_up()
    [read] = meters(gql, token, property_id)
    assert [edge["node"]["valueCubicMetres"] for edge in read["readings"]["edges"]] == ["122.000", "100.000"]


def test_the_same_reading_again_is_the_same_reading(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, meter: dict, today: date
) -> None:
    first = submit(gql, token, customer["account_number"], "SN-77", 110, today.isoformat())
    again = submit(gql, token, customer["account_number"], "SN-77", 110, today.isoformat())
    assert first == again
    readings = contexts.supply.meter_readings(meter["id"])
    assert readings is not None and len(readings.readings) == 2


@pytest.mark.parametrize("value", [90, 100 + 10 * 6])
def test_an_implausible_reading_is_held_stored_and_shown_as_held_with_kt_ct_6422(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    token: str,
    property_id: str,
    meter: dict,
    today: date,
    catch_up: Callable[[], int],
    value: int,
) -> None:
    # when a reading lower than the last (not a rollover), or more than 5 m3 a day since it, is submitted
    body = submit(gql, token, customer["account_number"], "SN-77", value, today.isoformat())
    # then the call answers 6422, and the held reading was committed
    refused_with(body, "KT-CT-6422")
    events = list(contexts.supply.repository.event_store.get(MeterReadings.id_for(meter["id"])))
    assert [type(e).__name__ for e in events[-2:]] == ["Submitted", "Held"]
    catch_up()
    [read] = meters(gql, token, property_id)
    newest = read["readings"]["edges"][0]["node"]
    assert (newest["valueCubicMetres"], newest["isHeld"]) == (f"{value}.000", True)
    [kept] = meters(gql, token, property_id, exclude_held=True)
    assert [edge["node"]["valueCubicMetres"] for edge in kept["readings"]["edges"]] == ["100.000"]


def test_a_rollover_is_accepted(
    gql: GraphQL, customer: dict[str, str], token: str, property_id: str, today: date
) -> None:
    install(gql, token, property_id, "SN-88", (today - timedelta(days=10)).isoformat(), 99_990)
    body = submit(gql, token, customer["account_number"], "SN-88", 12, today.isoformat())
    assert body["data"]["submitMeterReading"]["reading"]["isHeld"] is False


def test_a_meter_not_on_the_viewers_account_is_kt_ct_6424(
    gql: GraphQL, contexts: Contexts, customer: dict[str, str], token: str, meter: dict, today: date
) -> None:
    number, theirs = customer_token(contexts, "grace@example.org", "Grace Hopper")
    refused_with(submit(gql, theirs, number, "SN-77", 110, today.isoformat()), "KT-CT-6424")
    refused_with(submit(gql, theirs, customer["account_number"], "SN-77", 110, today.isoformat()), "KT-CT-6424")


@pytest.mark.parametrize(
    ("serial", "value", "days_ago"),
    [("SN-NONE", 110, 0), ("SN-77", -1, 0), ("SN-77", 100_000, 0), ("SN-77", 110, -1), ("SN-77", 110, 11)],
)
def test_an_invalid_reading_is_kt_gb_6414(
    gql: GraphQL, customer: dict[str, str], token: str, meter: dict, today: date, serial: str, value: int, days_ago: int
) -> None:
    day = (today - timedelta(days=days_ago)).isoformat()
    refused_with(submit(gql, token, customer["account_number"], serial, value, day), "KT-GB-6414")
