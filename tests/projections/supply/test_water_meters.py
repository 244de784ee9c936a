"""The water meters read model: each property's meters, as installed, corrected and exchanged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from domain.shared.clock import FrozenClock
from domain.supply import commands
from projections.contexts import Contexts
from tests.api.accounts.homes import home


def test_each_property_lists_its_meters_across_batches(
    backend: str, contexts: Contexts, customer: dict, clock: FrozenClock, catch_up: Callable[[], int]
) -> None:
    # given a meter installed and read into the model, then exchanged and corrected in a second batch
    today = clock.now().date()
    number = customer["account_number"]
    metered, unmetered = home(contexts, number, today - timedelta(days=90)), home(contexts, number, line1="2 Mill Lane")
    first = contexts.supply.install_meter(
        commands.InstallMeter(metered, "SN-1", today - timedelta(days=60), 5, "ops", location="Front path")
    )
    catch_up()
    second = contexts.supply.exchange_meter(
        commands.ExchangeMeter(metered, "SN-1", 20, "SN-2", 0, today - timedelta(days=1), "ops", number_of_digits=6)
    )
    contexts.supply.modify_meter(
        commands.ModifyMeter(metered, "SN-2", "ops", new_serial_number="SN-3", location="Hall")
    )
    # when
    catch_up()
    # then
    [meters, none] = contexts.read.water_meters.of_properties([metered, unmetered])
    assert none == []
    assert [(m["id"], m["serial_number"], m["location"], m["number_of_digits"]) for m in meters] == [
        (first.meter_id, "SN-1", "Front path", 5),
        (second.meter_id, "SN-3", "Hall", 6),
    ]
    assert [(m["installed_on"], m["removed_on"]) for m in meters] == [
        (today - timedelta(days=60), today - timedelta(days=1)),
        (today - timedelta(days=1), None),
    ]
    assert meters[0]["meter_point_reference"] == first.meter_point_reference and meters[0]["property_id"] == metered
    assert contexts.read.water_meters.meters([second.meter_id, "1"]) == [meters[1], None]
