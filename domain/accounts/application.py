"""The accounts context's application: customer accounts and what hangs off them."""

from __future__ import annotations

from typing import Any

from domain.accounts.account import Account, new_account_number
from domain.accounts.feedback_commands import FeedbackCommands
from domain.accounts.form_commands import FormCommands
from domain.shared.application import ContextApplication


class Accounts(FeedbackCommands, FormCommands, ContextApplication):
    name = "Accounts"

    def open_account(self, billing_name: str) -> Account:
        """Opens an account under a fresh number (an operator command; Kraken opens them at sign-up)."""

        def decide() -> tuple[Account, list[Any]]:
            # A number already taken makes the save conflict, and the retry draws another one.
            account = Account.open(new_account_number(), billing_name, opened_at=self.clock.now())
            return account, [account]

        return self.decide(decide)

    def account(self, number: str) -> Account | None:
        found: Account | None = self.find(Account.id_for(number))
        return found
