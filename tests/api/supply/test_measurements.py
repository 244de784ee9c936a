"""`property { measurements }`: a smart meter's interval reads, raw or grouped in local time, through
HTTP; paging, refusals, and who sees what."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from domain.accounts import commands
from domain.supply import commands as supply_commands
from domain.supply.measurements import Device, IntervalRead
from domain.supply.water_meter import MeterCapability
from projections.contexts import Contexts
from tests.api.accounts.homes import customer_token, home
from tests.helpers import GraphQL, error_codes

LONDON = ZoneInfo("Europe/London")
YEAR_START = int(datetime(2026, 1, 1, tzinfo=LONDON).timestamp())
YEAR_END = int(datetime(2027, 1, 1, tzinfo=LONDON).timestamp())
MOVED = date(2026, 7, 1)
MEASUREMENTS = """
query($id: ID!, $filters: [UtilityFiltersInput], $first: Int, $after: String, $last: Int, $before: String,
      $startOn: Date, $endOn: Date, $startAt: DateTime, $timezone: String) {
  property(id: $id) {
    measurements(utilityFilters: $filters, first: $first, after: $after, last: $last, before: $before,
                 startOn: $startOn, endOn: $endOn, startAt: $startAt, timezone: $timezone) {
      totalCount edgeCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { value unit readAt source
        metaData { utilityFilters { readingFrequencyType readingQuality deviceId marketSupplyPointId } }
        ... on IntervalMeasurementType { startAt endAt durationInSeconds } } }
    }
  }
}
"""


def grouped(frequency: str) -> list[dict[str, object]]:
    return [{"waterFilters": {"readingFrequencyType": frequency}}]


def smart_meter(contexts: Contexts, home_id: str, serial: str, reference: str, installed_on: date) -> Device:
    """A smart meter fitted at the home: the device its feed's reads are stored under."""
    contexts.supply.install_meter(
        supply_commands.InstallMeter(
            home_id,
            serial,
            installed_on,
            0,
            "ops",
            capability_type=MeterCapability.SMART,
            meter_point_reference=reference,
        )
    )
    device = contexts.supply.measured_device(serial)
    assert device is not None
    return device


@pytest.fixture
def metered_home(contexts: Contexts, customer: dict[str, str], catch_up: Callable[[], int]) -> str:
    """Ada's home since 2025 with a smart meter that sent 10 litres every half hour through 2026."""
    home_id = home(contexts, customer["account_number"], date(2025, 6, 1))
    device = smart_meter(contexts, home_id, "SMART-1", "MSP000123", date(2025, 12, 31))
    reads = [IntervalRead("SMART-1", t, t + 1800, 10_000) for t in range(YEAR_START, YEAR_END, 1800)]
    contexts.supply.measurements.append([(device, reads)], "test", YEAR_END)
    catch_up()
    return home_id


def nodes(body: dict) -> list[dict]:
    return [edge["node"] for edge in body["data"]["property"]["measurements"]["edges"]]


def test_days_run_local_midnight_to_midnight_across_the_clock_changes(
    backend: str, gql: GraphQL, ada: str, metered_home: str
) -> None:
    # when
    spring = gql(
        MEASUREMENTS,
        {"id": metered_home, "filters": grouped("DAY_INTERVAL"), "startOn": "2026-03-28", "endOn": "2026-03-30"},
        token=ada,
    )
    autumn = gql(
        MEASUREMENTS,
        {"id": metered_home, "filters": grouped("DAY_INTERVAL"), "startOn": "2026-10-25", "endOn": "2026-10-25"},
        token=ada,
    )
    # then
    assert [(n["startAt"], n["endAt"], n["value"]) for n in nodes(spring)] == [
        ("2026-03-28T00:00:00+00:00", "2026-03-29T00:00:00+00:00", "0.48"),
        ("2026-03-29T00:00:00+00:00", "2026-03-30T00:00:00+01:00", "0.46"),
        ("2026-03-30T00:00:00+01:00", "2026-03-31T00:00:00+01:00", "0.48"),
    ]
    [day] = nodes(autumn)
    assert (day["startAt"], day["endAt"], day["value"], day["durationInSeconds"]) == (
        "2026-10-25T00:00:00+01:00",
        "2026-10-26T00:00:00+00:00",
        "0.5",
        25 * 3600,
    )
    assert day["unit"] == "m3" and day["source"] == "SMART_METER"
    assert day["metaData"]["utilityFilters"] == {
        "readingFrequencyType": "DAY_INTERVAL",
        "readingQuality": "ACTUAL",
        "deviceId": None,
        "marketSupplyPointId": "MSP000123",
    }


def test_months_and_quarters_add_up_to_the_raw_total(backend: str, gql: GraphQL, ada: str, metered_home: str) -> None:
    raw = gql(MEASUREMENTS, {"id": metered_home, "first": 2}, token=ada)["data"]["property"]["measurements"]
    months = gql(MEASUREMENTS, {"id": metered_home, "filters": grouped("MONTH_INTERVAL")}, token=ada)
    quarters = gql(MEASUREMENTS, {"id": metered_home, "filters": grouped("QUARTER_INTERVAL")}, token=ada)
    weeks = gql(MEASUREMENTS, {"id": metered_home, "filters": grouped("WEEK_INTERVAL"), "first": 60}, token=ada)

    assert raw["totalCount"] == 17_520
    assert [
        (n["startAt"], n["value"], n["metaData"]["utilityFilters"]["deviceId"])
        for n in (e["node"] for e in raw["edges"])
    ] == [
        ("2026-01-01T00:00:00+00:00", "0.01", "SMART-1"),
        ("2026-01-01T00:30:00+00:00", "0.01", "SMART-1"),
    ]
    total = Decimal("0.01") * 17_520
    assert sum(Decimal(n["value"]) for n in nodes(months)) == total
    assert sum(Decimal(n["value"]) for n in nodes(quarters)) == total
    assert sum(Decimal(n["value"]) for n in nodes(weeks)) == total
    assert [n["startAt"][:10] for n in nodes(quarters)] == ["2026-01-01", "2026-04-01", "2026-07-01", "2026-10-01"]
    assert nodes(quarters)[1]["startAt"] == "2026-04-01T00:00:00+01:00"
    assert months["data"]["property"]["measurements"]["totalCount"] == 12


def test_pages_follow_on_forwards_and_backwards(backend: str, gql: GraphQL, ada: str, metered_home: str) -> None:
    asked = {"id": metered_home, "filters": grouped("MONTH_INTERVAL")}
    first = gql(MEASUREMENTS, {**asked, "first": 5}, token=ada)["data"]["property"]["measurements"]
    rest = gql(MEASUREMENTS, {**asked, "first": 10, "after": first["pageInfo"]["endCursor"]}, token=ada)
    last = gql(MEASUREMENTS, {**asked, "last": 2}, token=ada)["data"]["property"]["measurements"]
    before = gql(MEASUREMENTS, {**asked, "last": 2, "before": last["pageInfo"]["startCursor"]}, token=ada)

    assert first["edgeCount"] == 5
    assert first["pageInfo"]["hasNextPage"] and not first["pageInfo"]["hasPreviousPage"]
    assert [n["startAt"][:7] for n in nodes(rest)] == [f"2026-{m:02}" for m in range(6, 13)]
    assert not rest["data"]["property"]["measurements"]["pageInfo"]["hasNextPage"]
    assert [e["node"]["startAt"][:7] for e in last["edges"]] == ["2026-11", "2026-12"]
    assert [n["startAt"][:7] for n in nodes(before)] == ["2026-09", "2026-10"]
    # A cursor of one grouping does not page another.
    daily = gql(
        MEASUREMENTS,
        {"id": metered_home, "filters": grouped("DAY_INTERVAL"), "after": first["pageInfo"]["endCursor"]},
        token=ada,
    )
    assert error_codes(daily) == ["KT-CT-1208"]
    too_many = gql(MEASUREMENTS, {"id": metered_home, "first": 10_000}, token=ada)
    assert error_codes(too_many) == ["KT-CT-1189"]


def test_what_does_not_apply_to_water_is_refused_clearly(
    backend: str, gql: GraphQL, ada: str, metered_home: str
) -> None:
    point = gql(MEASUREMENTS, {"id": metered_home, "filters": grouped("POINT_IN_TIME")}, token=ada)
    zone = gql(MEASUREMENTS, {"id": metered_home, "timezone": "Mars/Olympus_Mons"}, token=ada)
    two = gql(MEASUREMENTS, {"id": metered_home, "filters": grouped("DAY_INTERVAL") * 2}, token=ada)

    assert error_codes(point) == ["KT-CT-4321"] and "POINT_IN_TIME" in description(point)
    assert error_codes(zone) == ["KT-CT-4321"] and "timezone" in description(zone)
    assert error_codes(two) == ["KT-CT-4321"]


def test_filters_name_the_device_and_supply_point(backend: str, gql: GraphQL, ada: str, metered_home: str) -> None:
    def count(water: dict[str, object]) -> int:
        body = gql(MEASUREMENTS, {"id": metered_home, "filters": [{"waterFilters": water}], "first": 1}, token=ada)
        return int(body["data"]["property"]["measurements"]["totalCount"])

    assert count({"deviceId": "SMART-1"}) == 17_520
    assert count({"deviceId": "ANOTHER"}) == 0
    assert count({"marketSupplyPointId": "MSP000123", "readingFrequencyType": "DAY_INTERVAL"}) == 365
    assert count({"marketSupplyPointId": "MSP-999"}) == 0


def test_each_occupier_sees_their_own_days_and_a_stranger_nothing(
    backend: str,
    gql: GraphQL,
    contexts: Contexts,
    customer: dict[str, str],
    ada: str,
    metered_home: str,
    catch_up: Callable[[], int],
) -> None:
    # given Ada moved out on 1 July and Charles moved in
    contexts.accounts.vacate_property(
        commands.VacateProperty(account_number=customer["account_number"], property_id=metered_home, effective_to=MOVED)
    )
    charles, charles_token = customer_token(contexts, "charles@example.com", "Charles Babbage")
    contexts.accounts.occupy_property(
        commands.OccupyProperty(account_number=charles, property_id=metered_home, effective_from=MOVED)
    )
    _, stranger_token = customer_token(contexts, "eve@example.com", "Eve Stranger")
    catch_up()
    asked = {"id": metered_home, "filters": grouped("MONTH_INTERVAL")}
    # when
    hers = gql(MEASUREMENTS, asked, token=ada)
    his = gql(MEASUREMENTS, asked, token=charles_token)
    strangers = gql(MEASUREMENTS, asked, token=stranger_token)
    # then
    assert [n["startAt"][:7] for n in nodes(hers)] == [f"2026-{m:02}" for m in range(1, 7)]
    assert [n["startAt"][:7] for n in nodes(his)] == [f"2026-{m:02}" for m in range(7, 13)]
    assert strangers["data"]["property"] is None and "errors" not in strangers


def description(body: dict) -> str:
    return str(body["errors"][0]["extensions"]["errorDescription"])


def test_the_days_before_anyone_moved_in_are_the_occupiers_to_see(
    backend: str, gql: GraphQL, contexts: Contexts, customer: dict[str, str], ada: str, catch_up: Callable[[], int]
) -> None:
    # given a meter fitted on 15 January, sending a read a day, and Ada the first to move in, in July
    home_id = home(contexts, customer["account_number"], MOVED)
    device = smart_meter(contexts, home_id, "SMART-2", "MSP000456", date(2026, 1, 15))
    fitted = device.active_from
    reads = [IntervalRead("SMART-2", t, t + 86400, 300_000) for t in range(fitted, fitted + 86400 * 40, 86400)]
    contexts.supply.measurements.append([(device, reads)], "test", YEAR_END)
    catch_up()
    # when
    body = gql(MEASUREMENTS, {"id": home_id, "filters": grouped("MONTH_INTERVAL")}, token=ada)
    # then
    assert [(n["startAt"][:7], n["value"]) for n in nodes(body)] == [("2026-01", "5.1"), ("2026-02", "6.9")]
