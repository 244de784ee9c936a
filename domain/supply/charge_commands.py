"""Charges commands: meter applications (createServiceOrder and the operators' survey, cancel and
not-practicable), the switch to measured charges (switchAccountToMeasuredTariff), the rateable value,
and what installing a meter does to both.

A property the account does not occupy, and one no property has, are answered alike (KT-CT-4321,
the generic validation code: the seed lists no code for either mutation), so a client learns
nothing about properties that are not its own.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from eventsourcing.domain import Aggregate

from domain.accounts.property import Property, charge_band
from domain.shared.application import ContextApplication
from domain.shared.catalogue import InputInvalid
from domain.supply import commands
from domain.supply.charge_basis import ChargeBasis
from domain.supply.service_order import (
    ServiceOrder,
    ServiceOrderKind,
    new_service_order_number,
    parse_service_order_number,
)

if TYPE_CHECKING:
    from domain.accounts.application import Accounts
    from domain.supply.water_meter import WaterMeter

# KRAKEN_REVERSION_MONTHS' default: how long after switching to a meter a customer may go back.
DEFAULT_REVERSION_MONTHS = 24


class ServiceOrderNotFound(LookupError):
    """No service order has the number given."""


class ChargeCommands(ContextApplication):
    reversion_months: int = DEFAULT_REVERSION_MONTHS

    if TYPE_CHECKING:
        # Joined in Supply with the meters topic (MeterCommands), which answers these.
        accounts: Accounts

        def active_meters(self, property_id: str, on: date) -> list[WaterMeter]: ...

    # Mutations -----------------------------------------------------------------------------------

    def create_service_order(self, command: commands.CreateServiceOrder) -> ServiceOrder:
        """Raises a meter application, or answers the property's open one (no new event)."""

        def decide() -> tuple[ServiceOrder, list[Any]]:
            now = self.clock.now()
            self._occupied_today(command.property_id, command.account_number, now.date())
            if self.active_meters(command.property_id, now.date()):
                raise InputInvalid(f"Property {command.property_id} already has a meter.")
            basis = self._basis(command.property_id)
            order, changed = self._application(basis, command.account_number, command.notes, command.raised_by, now)
            return order, changed

        return self.decide(decide)

    def switch_to_measured_tariff(self, command: commands.SwitchAccountToMeasuredTariff) -> str:
        """Measured from today (or the meter's installation, if later) where a meter is fitted; otherwise a
        meter application and a request that installing the meter completes. Already measured: no event."""

        def decide() -> tuple[str, list[Any]]:
            now = self.clock.now()
            today = now.date()
            home = self._occupied_today(command.property_id, command.account_number, today)
            basis = self._basis(command.property_id)
            period = next(p for p in home.periods if p.account_number == command.account_number and p.covers(today))
            if command.account_number in basis.switches or self.active_meters(
                command.property_id, period.effective_from
            ):
                return command.account_number, []
            meters = self.active_meters(command.property_id, today)
            if meters:
                meter = meters[0]
                valid_from = max(meter.installed_on, today)
                basis.switch_to_measured(command.account_number, valid_from, self.reversion_months, at=now)
                return command.account_number, [basis]
            order, _ = self._application(basis, command.account_number, "", command.requested_by, now)
            basis.request_measured(command.account_number, order.number, at=now)
            # Saving an aggregate without new events writes nothing.
            return command.account_number, [order, basis]

        return self.decide(decide)

    # Operators' commands -------------------------------------------------------------------------

    def book_service_order_survey(self, command: commands.BookServiceOrderSurvey) -> ServiceOrder:
        def decide() -> tuple[ServiceOrder, list[Any]]:
            order = self._order(command.number)
            order.book_survey(command.survey_on, command.booked_by, at=self.clock.now())
            return order, [order]

        return self.decide(decide)

    def cancel_service_order(self, command: commands.CancelServiceOrder) -> ServiceOrder:
        def decide() -> tuple[ServiceOrder, list[Any]]:
            order = self._order(command.number)
            order.cancel(command.reason, command.cancelled_by, at=self.clock.now())
            basis = self._basis(order.property_id)
            basis.release_application(order.number)
            return order, [order, basis]

        return self.decide(decide)

    def close_service_order_not_practicable(self, command: commands.CloseServiceOrderNotPracticable) -> ServiceOrder:
        """The survey found no reasonably practicable place for a meter: the applicant is offered assessed
        charges, by the property's band or for a single occupier."""

        def decide() -> tuple[ServiceOrder, list[Any]]:
            now = self.clock.now()
            order = self._order(command.number)
            order.close_not_practicable(command.reason, command.closed_by, at=now)
            basis = self._basis(order.property_id)
            basis.release_application(order.number)
            home = self.accounts.property(order.property_id)
            band = charge_band(home.built_form) if home is not None and home.built_form is not None else None
            single = home is not None and home.occupants == 1
            basis.offer_assessed(order.account_number, order.number, band.value if band else None, single, at=now)
            return order, [order, basis]

        return self.decide(decide)

    def set_rateable_value(self, command: commands.SetRateableValue) -> ChargeBasis:
        def decide() -> tuple[ChargeBasis, list[Any]]:
            if self.accounts.property(command.property_id) is None:
                raise LookupError(f"No property has the id {command.property_id}.")
            basis = self._basis(command.property_id)
            basis.set_rateable_value(command.pence, command.set_by, at=self.clock.now())
            return basis, [basis]

        return self.decide(decide)

    # What the confirmation actor reports -----------------------------------------------------------

    def record_service_order_confirmation_sent(self, number: str) -> None:
        def decide() -> tuple[None, list[Any]]:
            order = self._order(number)
            order.record_confirmation_sent(at=self.clock.now())
            return None, [order]

        self.decide(decide)

    def record_switch_confirmation_sent(self, property_id: str, account_number: str) -> None:
        def decide() -> tuple[None, list[Any]]:
            basis = self._basis(property_id)
            basis.record_switch_confirmed(account_number, at=self.clock.now())
            return None, [basis]

        self.decide(decide)

    # What installing a meter does ----------------------------------------------------------------

    def meter_installed_effects(self, property_id: str, installed_on: date, at: datetime) -> list[Aggregate]:
        """Completes the property's open meter application and switches each occupier who asked for
        measured charges to them from the installation day ("unmetered charges stop on the day we
        install your meter")."""
        basis: ChargeBasis | None = self.find(ChargeBasis.id_for(property_id))
        if basis is None:
            return []
        changed: list[Aggregate] = []
        if basis.open_application is not None:
            order = self._order(basis.open_application)
            if order.is_open:
                order.complete(installed_on, at=at)
                changed.append(order)
            basis.release_application(basis.open_application)
        home = self.accounts.property(property_id)
        for account_number in list(basis.requested):
            if home is not None and home.occupier_on(installed_on) == account_number:
                basis.switch_to_measured(account_number, installed_on, self.reversion_months, at=at)
        return [*changed, basis] if basis.pending_events else changed

    # Lookups -------------------------------------------------------------------------------------

    def service_order(self, number: str) -> ServiceOrder | None:
        parsed = parse_service_order_number(number)
        found: ServiceOrder | None = self.find(ServiceOrder.id_for(parsed)) if parsed is not None else None
        return found

    def charge_basis(self, property_id: str) -> ChargeBasis | None:
        found: ChargeBasis | None = self.find(ChargeBasis.id_for(property_id))
        return found

    def _order(self, number: str) -> ServiceOrder:
        order = self.service_order(number)
        if order is None:
            raise ServiceOrderNotFound(f"No service order has the number {number}.")
        return order

    def _basis(self, property_id: str) -> ChargeBasis:
        return self.charge_basis(property_id) or ChargeBasis.start(property_id)

    def _occupied_today(self, property_id: str, account_number: str, today: date) -> Property:
        home = self.accounts.property(property_id)
        if home is None or home.occupier_on(today) != account_number:
            raise InputInvalid(f"Account {account_number} does not occupy property {property_id} today.")
        return home

    def _application(
        self, basis: ChargeBasis, account_number: str, notes: str, raised_by: str, at: datetime
    ) -> tuple[ServiceOrder, list[Any]]:
        """The property's open meter application, or a new one claimed on the property's basis."""
        if basis.open_application is not None:
            return self._order(basis.open_application), []
        order = ServiceOrder.raise_order(
            new_service_order_number(),
            ServiceOrderKind.METER_APPLICATION,
            basis.property_id,
            account_number,
            notes,
            raised_by,
            at=at,
        )
        basis.claim_application(order.number, account_number)
        return order, [order, basis]
