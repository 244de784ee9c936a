"""The charges actors: a meter application's and a switch to measured charges' confirmation emails,
through the outbox relay to a real SMTP server, each sent once."""

from __future__ import annotations

from datetime import timedelta

from domain.shared.clock import FrozenClock
from domain.supply import commands
from domain.supply.charge_basis import ChargeBasis
from domain.supply.service_order import ServiceOrder
from ops import following, runtime
from settings import Settings
from tests.api.accounts.homes import home
from tests.api.supply.charges import fit_meter
from tests.workers.conftest import SmtpServer
from workers.dispatch import REACTIONS
from workers.supply.charges import send_measured_charges_confirmation, send_service_order_confirmation


def relay(settings: Settings, contexts: runtime.Contexts) -> None:
    runner = following.runner(settings, contexts)
    try:
        runner.catch_up()
    finally:
        runner.wakeup.close()


def test_an_application_and_the_switch_its_meter_completes_are_each_confirmed_once(
    backend: str,
    actors: runtime.Contexts,
    worker_settings: Settings,
    smtp: SmtpServer,
    customer: dict[str, str],
    clock: FrozenClock,
) -> None:
    number = customer["account_number"]
    relay(worker_settings, actors)  # the account's users are known to the read side first
    property_id = home(actors, number, clock.now().date() - timedelta(days=30))
    actors.supply.switch_to_measured_tariff(
        commands.SwitchAccountToMeasuredTariff(account_number=number, property_id=property_id, requested_by="test")
    )
    # when the relay hands the application to its actor
    relay(worker_settings, actors)
    # then
    [message] = smtp.inbox.messages()
    assert (message["To"], message["Subject"]) == ("ada@example.com", "Your water meter application")
    basis = actors.supply.charge_basis(property_id)
    assert basis is not None and basis.requested[number]
    order = actors.supply.service_order(basis.requested[number])
    assert order is not None and order.confirmation_sent
    # when the meter is fitted, the switch is confirmed with its reversion deadline
    fit_meter(actors, property_id, clock.now().date())
    relay(worker_settings, actors)
    switched = smtp.inbox.messages()[-1]
    assert switched["Subject"] == "You are now on measured charges"
    assert "until 2028-01-15" in switched.get_body(("plain",)).get_content()
    # and a redelivery sends nothing again
    send_service_order_confirmation.fn(order.number)
    send_measured_charges_confirmation.fn(property_id, number)
    assert len(smtp.inbox.envelopes) == 2


def test_the_raised_and_switched_events_are_wired_to_the_actors() -> None:
    wired = {(r.upstream, r.event): r.actor for r in REACTIONS}
    assert wired[("supply", ServiceOrder.Raised)] is send_service_order_confirmation
    assert wired[("supply", ChargeBasis.SwitchedToMeasured)] is send_measured_charges_confirmation
