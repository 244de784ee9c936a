"""The Property aggregate: given past events, when a command runs, then these events or this error."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from domain.accounts.property import (
    BuiltForm,
    ChargeBand,
    OccupancyConflict,
    Property,
    PropertyAddressInvalid,
    charge_band,
    parse_property_id,
)
from tests.helpers import refused

AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
TODAY = AT.date()
ADA, CHARLES = "A-ADAADAAD", "A-CHARLESC"
MAXIMUM = 20


def registered(*occupiers: tuple[str, date, date | None]) -> Property:
    home = Property.register("1234567", ("12 Mill Lane",), "Derby", "de1 2ab", "GB", at=AT)
    for account_number, effective_from, effective_to in occupiers:
        home.occupy(account_number, effective_from)
        if effective_to is not None:
            home.vacate(account_number, effective_to)
    home.collect_events()
    return home


def names(events: list[Any]) -> list[str]:
    return [type(e).__name__ for e in events]


# Registering --------------------------------------------------------------------------------------


def test_a_property_lives_at_an_id_derived_from_its_property_id_and_spells_its_postcode_as_royal_mail_does() -> None:
    home = Property.register("1234567", (" 12 Mill Lane ", "", "Little Eaton"), "Derby", "de12ab", "GB", at=AT)
    [created] = home.collect_events()
    assert isinstance(created, Property.Registered) and home.id == Property.id_for("1234567")
    assert (created.lines, created.locality, created.postcode) == (("12 Mill Lane", "Little Eaton"), "Derby", "DE1 2AB")
    assert home.periods == [] and home.built_form is None and home.occupants is None


@pytest.mark.parametrize(
    ("lines", "postcode"),
    [((), "DE1 2AB"), (("  ",), "DE1 2AB"), (("x" * 101,), "DE1 2AB"), (("a",) * 6, "DE1 2AB"), (("1 Road",), "12345")],
)
def test_an_address_without_a_first_line_or_a_gb_postcode_is_refused(lines: tuple[str, ...], postcode: str) -> None:
    with pytest.raises(PropertyAddressInvalid):
        Property.register("1234567", lines, "Derby", postcode, "GB", at=AT)


def test_a_property_id_from_a_client_has_one_spelling_and_stays_within_its_range() -> None:
    assert parse_property_id(" 1234567 ") == "1234567" == parse_property_id("01234567")
    assert parse_property_id("12") is None and parse_property_id("x") is None and parse_property_id(2**31) is None


# Occupancy ----------------------------------------------------------------------------------------


def test_an_account_occupies_from_a_day_and_vacates_on_a_later_one() -> None:
    home = registered()
    home.occupy(ADA, date(2026, 1, 1))
    home.vacate(ADA, date(2026, 2, 1))
    occupied, vacated = home.collect_events()
    assert (occupied.ordinal, occupied.account_number, occupied.effective_from) == (1, ADA, date(2026, 1, 1))
    assert (vacated.ordinal, vacated.effective_to) == (1, date(2026, 2, 1))
    assert home.occupier_on(date(2026, 1, 31)) == ADA and home.occupier_on(date(2026, 2, 1)) is None


def test_the_next_occupier_may_move_in_on_the_day_the_last_one_left() -> None:
    home = registered((ADA, date(2026, 1, 1), date(2026, 2, 1)))
    home.occupy(CHARLES, date(2026, 2, 1))
    assert names(home.collect_events()) == ["Occupied"]
    assert [p.ordinal for p in home.periods] == [1, 2] and home.occupier_on(date(2026, 2, 1)) == CHARLES


@pytest.mark.parametrize(
    "effective_from",
    [date(2026, 1, 31), date(2025, 12, 1), date(2027, 1, 1)],
    ids=["before-the-last-left", "before-the-last-arrived", "while-still-open"],
)
def test_periods_of_one_property_never_overlap(effective_from: date) -> None:
    home = registered((ADA, date(2026, 1, 1), date(2026, 2, 1)), (CHARLES, date(2026, 3, 1), None))
    with pytest.raises(OccupancyConflict):
        home.occupy(ADA, effective_from)
    assert home.collect_events() == []


def test_only_an_open_period_of_the_account_ends_and_only_after_it_began() -> None:
    home = registered((ADA, date(2026, 1, 1), None))
    with pytest.raises(OccupancyConflict):
        home.vacate(CHARLES, date(2026, 2, 1))
    with pytest.raises(OccupancyConflict):
        home.vacate(ADA, date(2026, 1, 1))


# Declarations -------------------------------------------------------------------------------------


def test_the_occupier_declares_the_number_of_occupants_from_today() -> None:
    home = registered((ADA, date(2026, 1, 1), None))
    home.declare_occupants(ADA, 3, MAXIMUM, "user:ada", effective_from=TODAY)
    [declared] = home.collect_events()
    assert isinstance(declared, Property.OccupantsDeclared)
    assert (declared.count, declared.declared_by, declared.effective_from) == (3, "user:ada", TODAY)
    assert home.occupants == 3


@pytest.mark.parametrize("count", [0, -1, MAXIMUM + 1])
def test_fewer_than_one_or_more_than_the_maximum_occupants_is_refused(count: int) -> None:
    home = registered((ADA, date(2026, 1, 1), None))
    refused("KT-CT-6628", home.declare_occupants, ADA, count, MAXIMUM, "user:ada", effective_from=TODAY)


@pytest.mark.parametrize(
    "occupiers",
    [
        ((ADA, date(2026, 1, 1), date(2026, 2, 1)),),
        ((ADA, date(2026, 4, 1), None),),
        ((CHARLES, date(2026, 1, 1), None),),
    ],
    ids=["left", "not-yet-moved-in", "someone-else"],
)
def test_only_the_account_occupying_the_property_today_declares_its_occupants(occupiers: Any) -> None:
    home = registered(*occupiers)
    refused("KT-CT-6628", home.declare_occupants, ADA, 2, MAXIMUM, "user:ada", effective_from=TODAY)


def test_an_occupier_now_or_to_come_declares_the_built_form() -> None:
    home = registered((ADA, date(2026, 4, 1), None))
    home.declare_type(ADA, BuiltForm.SEMI_DETACHED, "user:ada", at=AT)
    [declared] = home.collect_events()
    assert isinstance(declared, Property.TypeDeclared)
    assert (declared.property_type, declared.declared_by, declared.at) == (BuiltForm.SEMI_DETACHED, "user:ada", AT)
    assert home.built_form is BuiltForm.SEMI_DETACHED


def test_a_built_form_without_a_charge_band_or_a_property_not_the_accounts_is_refused() -> None:
    home = registered((ADA, date(2026, 1, 1), date(2026, 2, 1)), (CHARLES, date(2026, 2, 1), None))
    refused("KT-GB-5418", home.declare_type, ADA, BuiltForm.FLAT, "user:ada", at=AT)
    refused("KT-GB-5418", home.declare_type, CHARLES, BuiltForm.OTHER, "user:charles", at=AT)


def test_every_built_form_but_other_falls_in_one_of_the_three_assessed_charge_bands() -> None:
    bands = {form: charge_band(form) for form in BuiltForm}
    assert bands[BuiltForm.OTHER] is None
    assert bands[BuiltForm.DETACHED] is bands[BuiltForm.BUNGALOW] is ChargeBand.DETACHED
    assert bands[BuiltForm.SEMI_DETACHED] is ChargeBand.SEMI_DETACHED
    flat_or_terraced = [form for form, band in bands.items() if band is ChargeBand.FLAT_OR_TERRACED]
    assert set(flat_or_terraced) == {BuiltForm.TERRACED, BuiltForm.END_OF_TERRACE, BuiltForm.FLAT, BuiltForm.MAISONETTE}


def test_a_move_in_not_yet_begun_is_withdrawn_and_no_longer_counts() -> None:
    later = TODAY + timedelta(days=7)
    home = registered((ADA, TODAY - timedelta(days=30), later), (CHARLES, later, None))
    home.withdraw(CHARLES, later, today=TODAY)
    assert names(home.collect_events()) == ["OccupancyWithdrawn"]
    assert home.occupier_on(later) is None and [p.ordinal for p in home.periods] == [1, 2]
    home.withdraw(CHARLES, later, today=TODAY)
    assert home.collect_events() == []
    home.occupy(ADA, later + timedelta(days=1))
    assert home.periods[-1].ordinal == 3


def test_an_occupancy_begun_or_followed_cannot_be_withdrawn() -> None:
    later = TODAY + timedelta(days=7)
    home = registered((ADA, TODAY, later), (CHARLES, later, None))
    with pytest.raises(OccupancyConflict):
        home.withdraw(ADA, TODAY, today=TODAY)
    home = registered((ADA, later, later + timedelta(days=3)), (CHARLES, later + timedelta(days=3), None))
    with pytest.raises(OccupancyConflict):
        home.withdraw(ADA, later, today=TODAY)
    with pytest.raises(OccupancyConflict):
        home.withdraw(CHARLES, TODAY, today=TODAY)
