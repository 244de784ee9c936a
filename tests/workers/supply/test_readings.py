"""The meter-reading actor: the customer who submitted a reading is told, once, whether it counts or
is held for a check, through the outbox relay to a real SMTP server; unless they opted out."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

import pytest

from domain.accounts import commands as accounts_commands
from domain.shared.clock import FrozenClock
from domain.supply import commands
from domain.supply.errors import MeterReadingHeld
from domain.supply.meter_readings import MeterReadings
from ops import runtime
from settings import Settings
from tests.api.accounts.homes import home
from tests.api.supply.charges import fit_meter
from tests.workers.conftest import SmtpServer
from tests.workers.supply.test_charges import relay
from workers.dispatch import REACTIONS
from workers.supply.readings import confirm_meter_reading


def submit(actors: runtime.Contexts, customer: dict[str, str], value: int, on: date) -> None:
    actors.supply.submit_meter_reading(
        commands.SubmitMeterReading(
            account_number=customer["account_number"],
            serial_number="ST-0001",
            value=value,
            read_on=on,
            submitted_by=f"user:{customer['user_id']}",
        )
    )


@pytest.fixture
def metered(actors: runtime.Contexts, customer: dict[str, str], clock: FrozenClock) -> date:
    """Ada's home, with a meter fitted 30 days ago reading 0 (an operator's reading: no email); today."""
    today = clock.now().date()
    property_id = home(actors, customer["account_number"], today - timedelta(days=60))
    fit_meter(actors, property_id, today - timedelta(days=30))
    return today


def test_a_reading_and_a_held_one_are_each_confirmed_once_to_their_submitter(
    backend: str,
    actors: runtime.Contexts,
    worker_settings: Settings,
    smtp: SmtpServer,
    customer: dict[str, str],
    metered: date,
) -> None:
    # when Ada submits a plausible reading, then one implying far more use than a household's
    submit(actors, customer, 9, metered - timedelta(days=10))
    with pytest.raises(MeterReadingHeld):
        submit(actors, customer, 900, metered)
    relay(worker_settings, actors)
    # then she is told of each, and of the held one that it will be checked first
    accepted, held = smtp.inbox.messages()
    assert [(m["To"], m["Subject"]) for m in (accepted, held)] == [
        ("ada@example.com", "We have received your meter reading"),
        ("ada@example.com", "We have received your meter reading"),
    ]
    assert "9 cubic metres on meter ST-0001" in accepted.get_body(("plain",)).get_content()
    assert "use it for your next bill" in accepted.get_body(("plain",)).get_content()
    assert "check it before" in held.get_body(("plain",)).get_content()
    # and a redelivery sends nothing again
    readings = actors.supply.meter_readings(actors.supply.meter_by_serial("ST-0001").meter_id)
    assert readings is not None and readings.confirmed == {2, 3}
    confirm_meter_reading.fn(str(readings.id), 2)
    assert len(smtp.inbox.envelopes) == 2


def test_a_customer_who_opted_out_is_not_written_to(
    actors: runtime.Contexts,
    worker_settings: Settings,
    smtp: SmtpServer,
    customer: dict[str, str],
    metered: date,
) -> None:
    actors.accounts.update_comms_preferences(
        accounts_commands.UpdateCommsPreferences(
            user_id=UUID(customer["user_id"]), has_mobile=False, is_opted_in_meter_reading_confirmations=False
        )
    )
    # when
    submit(actors, customer, 9, metered)
    relay(worker_settings, actors)
    # then
    assert smtp.inbox.messages() == []


def test_the_submitted_event_is_wired_to_the_actor() -> None:
    wired = {(r.upstream, r.event): r.actor for r in REACTIONS}
    assert wired[("supply", MeterReadings.Submitted)] is confirm_meter_reading
