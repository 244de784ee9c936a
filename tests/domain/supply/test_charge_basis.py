"""The basis of charge at a property: its rateable value, the open meter application, switches to
measured charges and offers of assessed charges, and the periods derived from them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.supply.charge_basis import (
    Basis,
    BasisPeriod,
    ChargeBasis,
    RateableValueInvalid,
    add_months,
    basis_periods,
)

AT = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)


def test_a_rateable_value_is_kept_and_setting_the_same_again_records_nothing() -> None:
    basis = ChargeBasis.start("1234567")
    basis.set_rateable_value(25_000, "ops:cli", at=AT)
    basis.set_rateable_value(25_000, "ops:cli", at=AT)
    assert basis.rateable_value == 25_000
    assert [type(e).__name__ for e in basis.collect_events()] == ["Started", "RateableValueSet"]


@pytest.mark.parametrize("pence", [0, -1, 10_000_001])
def test_a_rateable_value_is_positive_and_bounded(pence: int) -> None:
    with pytest.raises(RateableValueInvalid):
        ChargeBasis.start("1234567").set_rateable_value(pence, "ops:cli", at=AT)


def test_one_meter_application_is_open_at_a_time() -> None:
    basis = ChargeBasis.start("1234567")
    basis.claim_application("2000001", "A-1")
    with pytest.raises(ValueError):
        basis.claim_application("2000002", "A-1")
    basis.release_application("2000002")  # not the open one: nothing happens
    assert basis.open_application == "2000001"
    basis.release_application("2000001")
    assert basis.open_application is None


def test_a_switch_is_recorded_once_with_its_reversion_deadline_and_ends_the_request() -> None:
    basis = ChargeBasis.start("1234567")
    basis.request_measured("A-1", "2000001", at=AT)
    basis.request_measured("A-1", "2000001", at=AT)
    assert basis.requested == {"A-1": "2000001"}
    assert basis.switch_to_measured("A-1", date(2026, 1, 31), 24, at=AT) is True
    assert basis.switch_to_measured("A-1", date(2026, 2, 1), 24, at=AT) is False
    assert basis.requested == {}
    switch = basis.switches["A-1"]
    assert (switch.valid_from, switch.reversion_deadline) == (date(2026, 1, 31), date(2028, 1, 31))
    names = [type(e).__name__ for e in basis.collect_events()]
    assert names == ["Started", "MeasuredTariffRequested", "SwitchedToMeasured"]


def test_an_offer_of_assessed_charges_names_the_band_and_ends_the_request() -> None:
    basis = ChargeBasis.start("1234567")
    basis.request_measured("A-1", "2000001", at=AT)
    basis.offer_assessed("A-1", "2000001", "SEMI_DETACHED", single_occupier=True, at=AT)
    offer = basis.offers["A-1"]
    assert (offer.band, offer.single_occupier, offer.service_order_number) == ("SEMI_DETACHED", True, "2000001")
    assert basis.requested == {}


def test_months_are_added_to_the_last_day_of_a_shorter_month() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2027, 12, 31), 2) == date(2028, 2, 29)
    assert add_months(date(2026, 5, 10), 24) == date(2028, 5, 10)


FROM, TO = date(2024, 3, 1), date(2026, 3, 1)


def test_a_home_metered_at_move_in_is_measured_throughout_with_no_reversion() -> None:
    periods = basis_periods(
        FROM, None, metered_at_start=True, rateable_value=20_000, assessed_band=None, single_occupier=False
    )
    assert periods == [BasisPeriod(Basis.MEASURED, FROM, None)]


def test_an_unmetered_home_with_a_rateable_value_is_charged_on_it() -> None:
    periods = basis_periods(
        FROM, TO, metered_at_start=False, rateable_value=20_000, assessed_band="DETACHED", single_occupier=False
    )
    assert periods == [BasisPeriod(Basis.UNMEASURED_RV, FROM, TO, rateable_value=20_000)]


def test_an_unmetered_home_without_a_rateable_value_is_assessed_by_band() -> None:
    periods = basis_periods(
        FROM, None, metered_at_start=False, rateable_value=None, assessed_band="FLAT_OR_TERRACED", single_occupier=True
    )
    assert periods == [BasisPeriod(Basis.ASSESSED, FROM, None, assessed_band="FLAT_OR_TERRACED", single_occupier=True)]


def test_a_switch_splits_the_occupancy_and_carries_the_reversion_deadline() -> None:
    switched, deadline = date(2025, 6, 1), date(2027, 6, 1)
    periods = basis_periods(
        FROM,
        None,
        metered_at_start=False,
        rateable_value=20_000,
        assessed_band=None,
        single_occupier=False,
        switched_from=switched,
        reversion_deadline=deadline,
    )
    assert periods == [
        BasisPeriod(Basis.UNMEASURED_RV, FROM, switched, rateable_value=20_000),
        BasisPeriod(Basis.MEASURED, switched, None, deadline),
    ]


def test_a_switch_outside_the_occupancy_does_not_apply_to_it() -> None:
    periods = basis_periods(
        FROM,
        TO,
        metered_at_start=False,
        rateable_value=None,
        assessed_band="DETACHED",
        single_occupier=False,
        switched_from=date(2026, 4, 1),
        reversion_deadline=date(2028, 4, 1),
    )
    assert [p.basis for p in periods] == [Basis.ASSESSED]
