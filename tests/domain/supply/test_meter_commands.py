"""The supply application's meter commands: install, exchange, modify, readings and their review."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from eventsourcing.domain import Aggregate

from domain.shared.clock import FrozenClock
from domain.supply import commands
from domain.supply.application import Supply
from domain.supply.errors import MeterReadingHeld
from domain.supply.meter_commands import RecordedReading
from domain.supply.meter_readings import MeterReadings, ReadingKind, ReadingSource, ReadingStatus
from domain.supply.water_meter import MeterCapability, WaterMeter
from ops import runtime
from tests.api.accounts.homes import home
from tests.helpers import refused


@pytest.fixture
def today(clock: FrozenClock) -> date:
    return clock.now().date()


@pytest.fixture
def occupied(contexts: runtime.Contexts, customer: dict[str, str], today: date) -> str:
    """A home Ada's account has occupied for a year."""
    return home(contexts, customer["account_number"], today - timedelta(days=365))


def install(supply: Supply, property_id: str, serial: str, day: date, **more: Any) -> WaterMeter:
    return supply.install_meter(commands.InstallMeter(property_id, serial, day, more.pop("opening", 0), "ops", **more))


def test_installing_records_the_meter_and_its_opening_reading(
    contexts: runtime.Contexts, occupied: str, today: date
) -> None:
    # when
    meter = install(
        contexts.supply, occupied, "sn-100", today - timedelta(days=30), opening=42, capability_type=MeterCapability.AMR
    )
    # then
    assert contexts.supply.active_meters(occupied, today) == [contexts.supply.meter(meter.meter_id)]
    assert contexts.supply.active_meters(occupied, today - timedelta(days=31)) == []
    assert contexts.supply.meter_by_serial("SN-100").meter_id == meter.meter_id  # type: ignore[union-attr]
    readings = contexts.supply.meter_readings(meter.meter_id)
    assert readings is not None
    [opening] = readings.readings
    assert (opening.value, opening.source, opening.kind, opening.status) == (
        42,
        ReadingSource.OPS,
        ReadingKind.OPENING,
        ReadingStatus.ACCEPTED,
    )
    assert (meter.number_of_digits, meter.capability_type, len(meter.meter_point_reference)) == (5, "AMR", 13)


def test_the_installed_effects_are_saved_in_the_same_decision(
    contexts: runtime.Contexts, occupied: str, today: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a hook that makes one more aggregate
    made: list[Aggregate] = []

    def effects(property_id: str, installed_on: date, at: Any) -> list[Aggregate]:
        made.append(MeterReadings.open(f"effect-{property_id}", 5))
        return made[-1:]

    monkeypatch.setattr(contexts.supply, "meter_installed_effects", effects)
    # when
    install(contexts.supply, occupied, "SN-101", today)
    # then
    assert contexts.supply.find(made[0].id) is not None


def test_install_refusals(contexts: runtime.Contexts, customer: dict[str, str], occupied: str, today: date) -> None:
    supply = contexts.supply
    refused("KT-GB-11001", install, supply, occupied, "no", today)
    refused("KT-GB-11001", install, supply, occupied, "SN-200", today, opening=100_000)
    refused("KT-GB-11001", install, supply, occupied, "SN-200", today, number_of_digits=10)
    refused("KT-GB-11001", install, supply, occupied, "SN-200", today, meter_point_reference="??")
    refused("KT-GB-11003", install, supply, "1000000", "SN-200", today)
    refused("KT-GB-11003", install, supply, occupied, "SN-200", today + timedelta(days=1))
    refused("KT-GB-11003", install, supply, occupied, "SN-200", today - timedelta(days=400))
    # an account user acts on the homes their account occupies only
    stranger = frozenset({"A-NOTTHEIRS"})
    with pytest.raises(Exception) as raised:
        supply.install_meter(commands.InstallMeter(occupied, "SN-200", today, 0, "u", acting_for=stranger))
    assert getattr(raised.value, "code", None) == "KT-GB-11003"
    install(supply, occupied, "SN-200", today, acting_for=frozenset({customer["account_number"]}))
    refused("KT-GB-11003", install, supply, occupied, "SN-201", today)
    other = home(contexts, customer["account_number"], today - timedelta(days=10), line1="2 Mill Lane")
    refused("KT-GB-11001", install, supply, other, "sn-200", today)


def test_an_exchange_closes_the_old_meter_and_opens_the_new_one_on_the_same_day(
    contexts: runtime.Contexts, occupied: str, today: date
) -> None:
    # given
    supply = contexts.supply
    old = install(supply, occupied, "SN-300", today - timedelta(days=100), opening=10)
    day = today - timedelta(days=1)

    def exchange(final: int, new: str = "SN-301", on: date = day) -> WaterMeter:
        return supply.exchange_meter(commands.ExchangeMeter(occupied, "SN-300", final, new, 3, on, "ops"))

    refused("KT-GB-11001", exchange, 5)
    refused("KT-GB-11001", exchange, 50, "SN-300")
    refused("KT-GB-11002", exchange, 50, "SN-301", today + timedelta(days=1))
    refused("KT-GB-11002", exchange, 50, "SN-301", today - timedelta(days=100))
    # when
    new = exchange(50)
    # then
    removed = supply.meter(old.meter_id)
    assert removed is not None and removed.removed_on == day and new.installed_on == day
    assert supply.active_meters(occupied, day) == [supply.meter(new.meter_id)]
    finals = [supply.meter_readings(m.meter_id).readings[-1] for m in (old, new)]  # type: ignore[union-attr]
    assert [(r.value, r.read_on, r.kind) for r in finals] == [
        (50, day, ReadingKind.METER_EXCHANGE),
        (3, day, ReadingKind.METER_EXCHANGE),
    ]
    # the old serial is free again, and the old meter cannot be exchanged twice
    assert (
        install(
            supply,
            home(contexts, contexts.accounts.open_account("Charles").number, day, "3 Mill Lane"),
            "SN-300",
            today,
        ).serial_number
        == "SN-300"
    )
    refused("KT-GB-11002", exchange, 60)


def test_modifications_are_one_event_each(contexts: runtime.Contexts, occupied: str, today: date) -> None:
    # given
    supply = contexts.supply
    meter = install(supply, occupied, "SN-400", today - timedelta(days=20))
    install(
        supply, home(contexts, contexts.accounts.open_account("Charles").number, today, "4 Mill Lane"), "SN-999", today
    )

    def modify(**changes: Any) -> WaterMeter:
        return supply.modify_meter(commands.ModifyMeter(occupied, changes.pop("serial", "SN-401"), "ops", **changes))

    refused("KT-GB-11006", modify, serial="SN-404", location="Kitchen")
    refused("KT-GB-11001", modify, serial="SN-400", new_serial_number="SN-999")
    refused("KT-GB-11001", modify, serial="SN-400", new_serial_number="?")
    # when
    modify(
        serial="SN-400", new_serial_number="SN-401", location="Kitchen", installation_date=today - timedelta(days=25)
    )
    # then
    events = list(supply.repository.event_store.get(meter.id))
    assert [type(e).__name__ for e in events[1:]] == [
        "SerialCorrected",
        "InstallationDateCorrected",
        "LocationRecorded",
    ]
    assert supply.meter_by_serial("SN-400").serial_number == "SN-401"  # type: ignore[union-attr]
    refused("KT-GB-11005", modify, installation_date=today + timedelta(days=1))


def test_a_held_reading_is_committed_before_the_error(
    contexts: runtime.Contexts, customer: dict[str, str], occupied: str, today: date
) -> None:
    # given
    supply = contexts.supply
    meter = install(supply, occupied, "SN-500", today - timedelta(days=10), opening=100)

    def submit(value: int, day: date = today) -> RecordedReading:
        return supply.submit_meter_reading(
            commands.SubmitMeterReading(customer["account_number"], "SN-500", value, day, "user")
        )

    # when
    with pytest.raises(MeterReadingHeld):
        submit(90)
    # then
    held = supply.meter_readings(meter.meter_id).readings[-1]  # type: ignore[union-attr]
    assert (held.value, held.status) == (90, ReadingStatus.HELD)
    # a plausible one is accepted, and the same one again records nothing
    accepted = submit(120)
    assert submit(120) == accepted and accepted.status is ReadingStatus.ACCEPTED
    assert len(supply.meter_readings(meter.meter_id).readings) == 3  # type: ignore[union-attr]
    refused("KT-CT-6424", supply.submit_meter_reading, commands.SubmitMeterReading("A-NONE", "SN-500", 1, today, "u"))
    refused("KT-GB-6414", submit, 100_000)
    refused("KT-GB-6414", submit, -1)
    refused("KT-GB-6414", submit, 130, today - timedelta(days=11))
    refused("KT-GB-6414", submit, 130, today + timedelta(days=1))
    # an operator releases the held reading
    released = supply.release_reading(commands.ReviewReading(held_id := f"{meter.meter_id}-2", "ops"))
    assert released.id == held_id and released.status is ReadingStatus.ACCEPTED
