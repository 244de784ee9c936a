"""Accounts commands about billing: the billing address, the billing email and how documents are delivered.

Each refuses an account that does not exist with AccountNumberNotFound (an organisation may name any
number; a user's token has already been checked against its own accounts). Who changed what is the
actor the request runs as.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.accounts import commands
from domain.accounts.account import Account
from domain.accounts.billing_address import AddressDetails, BillingAddress
from domain.accounts.errors import AccountNumberNotFound
from domain.shared.actor import current_actor
from domain.shared.application import ContextApplication


class BillingCommands(ContextApplication):
    """Joined into the Accounts application (domain/accounts/application.py)."""

    def update_account_address(self, command: commands.UpdateAccountAddress) -> Account:
        return self._change_billing_address(command.account_number, command.billing_address)

    def update_account_billing_address(self, command: commands.UpdateAccountBillingAddress) -> Account:
        return self._change_billing_address(command.account_number, command.billing_address)

    def update_account_billing_email(self, command: commands.UpdateAccountBillingEmail) -> Account:
        return self._change(
            command.account_number,
            lambda account: account.change_billing_email(command.billing_email, current_actor(), self.clock.now()),
        )

    def update_comms_delivery_preference(self, command: commands.UpdateCommsDeliveryPreference) -> Account:
        return self._change(
            command.account_number,
            lambda account: account.choose_comms_delivery_preference(
                command.comms_delivery_preference, current_actor(), self.clock.now()
            ),
        )

    def _change_billing_address(self, number: str, details: AddressDetails | None) -> Account:
        address = BillingAddress.of(details)
        return self._change(
            number, lambda account: account.change_billing_address(address, current_actor(), self.clock.now())
        )

    def _change(self, number: str, change: Callable[[Account], None]) -> Account:
        def decide() -> tuple[Account, list[Any]]:
            account: Account | None = self.find(Account.id_for(number))
            if account is None:
                raise AccountNumberNotFound(f"No account {number}.")
            change(account)
            return account, [account]

        return self.decide(decide)
