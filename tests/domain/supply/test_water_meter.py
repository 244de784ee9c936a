"""Water meters: serial numbers, supply point ids, and the days a meter is fitted."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.supply.water_meter import (
    MeterCapability,
    SerialClaim,
    WaterMeter,
    new_supply_point_id,
    serial_number,
    supply_point_id,
)

AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "spelled"),
    [(" sn-1234 ", "SN-1234"), ("ABCD", "ABCD"), ("ABC", None), ("-ABCD", None), ("AB CD", None), ("A" * 21, None)],
)
def test_a_serial_number_is_4_to_20_letters_digits_or_dashes_upper_cased(text: str, spelled: str | None) -> None:
    assert serial_number(text) == spelled


def test_a_drawn_meter_point_reference_is_a_valid_one() -> None:
    drawn = new_supply_point_id()
    assert supply_point_id(drawn) == drawn and drawn[10] == "W" and len(drawn) == 13


def test_a_meter_is_active_from_its_installation_until_the_day_it_is_removed() -> None:
    meter = WaterMeter.install(
        "1234567", "7654321", "SN-1", "3012345678W13", MeterCapability.SMART, 5, date(2026, 1, 1), None, "ops", AT
    )
    meter.remove(date(2026, 2, 1), "ops", AT)
    assert [
        meter.active_on(d) for d in (date(2025, 12, 31), date(2026, 1, 1), date(2026, 1, 31), date(2026, 2, 1))
    ] == [
        False,
        True,
        True,
        False,
    ]
    assert meter.fitted_on(date(2026, 2, 1)) and MeterCapability.SMART.sends_intervals
    assert not MeterCapability.MANUAL.sends_intervals


def test_a_serial_claim_remembers_every_meter_that_carried_it() -> None:
    claim = SerialClaim.claim("SN-1", "1000001")
    claim.release()
    assert not claim.held() and claim.latest_meter_id == "1000001"
    claim.reclaim("1000002")
    assert claim.held() and claim.meter_ids == ["1000001", "1000002"]
