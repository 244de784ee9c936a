"""Property commands: registering a home for an account, occupying and vacating it, and what its
occupier declares of it (updateNumberOfOccupants, updatePropertyType).

A property id that names no property is answered as one the account does not occupy, with the
mutation's own code: a client learns nothing about properties that are not its own.
"""

from __future__ import annotations

from typing import Any

from domain.accounts import commands
from domain.accounts.account import Account
from domain.accounts.errors import AccountNumberNotFound, OccupantsNumberInvalid, PropertyTypeInvalid
from domain.accounts.property import BuiltForm, Property, PropertyNotFound, new_property_id, parse_property_id
from domain.accounts.property_address import PropertyAddress
from domain.shared.application import ContextApplication

# KRAKEN_MAX_OCCUPANTS' default: the most people a household declaration may name.
DEFAULT_MAX_OCCUPANTS = 20


class PropertyCommands(ContextApplication):
    max_occupants: int = DEFAULT_MAX_OCCUPANTS

    # Operators' commands (and, later, moving in and out) -----------------------------------------

    def register_property(self, command: commands.RegisterProperty) -> Property:
        if self.find(Account.id_for(command.account_number)) is None:
            raise AccountNumberNotFound(f"No account has the number {command.account_number}.")

        def decide() -> tuple[Property, list[Any]]:
            now = self.clock.now()
            # An id already taken makes the save conflict, and the retry draws another one.
            home = Property.register(
                new_property_id(), command.lines, command.locality, command.postcode, command.country, at=now
            )
            home.occupy(command.account_number, command.occupied_from or now.date())
            return home, [home, *self._address_claim(home)]

        return self.decide(decide)

    def register_property_at(self, command: commands.RegisterPropertyAt) -> Property:
        """Idempotent: the property under the id, or the one already registered at the address."""
        if parse_property_id(command.property_id) != command.property_id:
            raise PropertyNotFound(f"{command.property_id!r} cannot be a property id.")

        def decide() -> tuple[Property, list[Any]]:
            registered = self.property(command.property_id)
            if registered is not None:
                return registered, []
            home = Property.register(
                command.property_id,
                command.lines,
                command.locality,
                command.postcode,
                command.country,
                at=self.clock.now(),
            )
            known = self.property_at(command.postcode, home.lines[0])
            if known is not None:
                return known, []
            return home, [home, *self._address_claim(home)]

        return self.decide(decide)

    def occupy_property(self, command: commands.OccupyProperty) -> Property:
        if self.find(Account.id_for(command.account_number)) is None:
            raise AccountNumberNotFound(f"No account has the number {command.account_number}.")

        def decide() -> tuple[Property, list[Any]]:
            home = self._registered(command.property_id)
            home.occupy(command.account_number, command.effective_from)
            return home, [home]

        return self.decide(decide)

    def vacate_property(self, command: commands.VacateProperty) -> Property:
        def decide() -> tuple[Property, list[Any]]:
            home = self._registered(command.property_id)
            home.vacate(command.account_number, command.effective_to)
            return home, [home]

        return self.decide(decide)

    def withdraw_occupancy(self, command: commands.WithdrawOccupancy) -> Property:
        def decide() -> tuple[Property, list[Any]]:
            home = self._registered(command.property_id)
            home.withdraw(command.account_number, command.effective_from, today=self.clock.now().date())
            return home, [home]

        return self.decide(decide)

    # Mutations -----------------------------------------------------------------------------------

    def update_number_of_occupants(self, command: commands.UpdateNumberOfOccupants) -> str:
        def decide() -> tuple[str, list[Any]]:
            home = self.property(command.property_id)
            if home is None:
                raise OccupantsNumberInvalid(f"Account {command.account_number} occupies no such property.")
            home.declare_occupants(
                command.account_number,
                command.number_of_occupants,
                self.max_occupants,
                command.declared_by,
                effective_from=self.clock.now().date(),
            )
            return home.property_id, [home]

        return self.decide(decide)

    def update_property_type(self, command: commands.UpdatePropertyType) -> str:
        def decide() -> tuple[str, list[Any]]:
            home = self.property(command.property_id)
            if home is None:
                raise PropertyTypeInvalid(f"Account {command.account_number} has no such property.")
            built_form = BuiltForm(command.property_type)
            home.declare_type(command.account_number, built_form, command.declared_by, at=self.clock.now())
            return home.property_id, [home]

        return self.decide(decide)

    # Lookups -------------------------------------------------------------------------------------

    def property(self, property_id: str) -> Property | None:
        parsed = parse_property_id(property_id)
        found: Property | None = self.find(Property.id_for(parsed)) if parsed is not None else None
        return found

    def property_at(self, postcode: str, first_line: str) -> Property | None:
        """The property first registered at this postcode and first line (normalised), if any."""
        address_id = PropertyAddress.id_for(postcode, first_line)
        claim: PropertyAddress | None = self.find(address_id) if address_id is not None else None
        return None if claim is None else self.property(claim.property_id)

    def _address_claim(self, home: Property) -> list[PropertyAddress]:
        # The first property at an address keeps it; a later one at the same address (a flat
        # registered twice by an operator) is still registered, only not found by its address.
        address_id = PropertyAddress.id_for(home.postcode, home.lines[0])
        if address_id is None or self.find(address_id) is not None:
            return []
        return [PropertyAddress.claim(address_id, home.property_id)]

    def _registered(self, property_id: str) -> Property:
        home = self.property(property_id)
        if home is None:
            raise PropertyNotFound(f"No property has the id {property_id}.")
        return home
