"""The meter readings read model: each meter's readings with their status as reviews change it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from domain.shared.clock import FrozenClock
from domain.supply import commands
from domain.supply.errors import MeterReadingHeld
from projections.contexts import Contexts
from projections.pages import Window
from tests.api.accounts.homes import home


def test_held_readings_are_listed_until_reviewed_across_batches(
    backend: str, contexts: Contexts, customer: dict, clock: FrozenClock, catch_up: Callable[[], int]
) -> None:
    # given a meter read 100 at installation, then 50 (held) and 120 (accepted)
    today = clock.now().date()
    number = customer["account_number"]
    metered = home(contexts, number, today - timedelta(days=30))
    meter = contexts.supply.install_meter(
        commands.InstallMeter(metered, "SN-1", today - timedelta(days=20), 100, "ops")
    )
    with pytest.raises(MeterReadingHeld):
        contexts.supply.submit_meter_reading(commands.SubmitMeterReading(number, "SN-1", 50, today, "u"))
    contexts.supply.submit_meter_reading(commands.SubmitMeterReading(number, "SN-1", 120, today, "u"))
    catch_up()
    view = contexts.read.meter_readings
    [held] = view.held()
    assert (held["id"], held["value"], held["reason"]) == (f"{meter.meter_id}-2", 50, "LOWER_THAN_LAST")
    # when an operator rejects it and quarantines the opening reading (a second batch)
    contexts.supply.reject_reading(commands.ReviewReading(held["id"], "ops"))
    contexts.supply.quarantine_reading(commands.ReviewReading(f"{meter.meter_id}-1", "ops"))
    catch_up()
    # then nothing is held, the rejected reading is never listed and the quarantined one only when asked
    assert view.held() == []
    [everything] = view.pages(False, False, Window(size=10), [meter.meter_id])
    assert [(r["value"], r["status"]) for r in everything.rows] == [(120, "ACCEPTED"), (100, "QUARANTINED")]
    [kept] = view.pages(True, True, Window(size=10), [meter.meter_id])
    assert [r["value"] for r in kept.rows] == [120]
    assert view.counts(False, False, [meter.meter_id, "1"]) == [2, 0]
