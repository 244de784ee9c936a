"""What referrals ask of the accounts and identity contexts (an account's brand, the account behind
a referrer's email address), and their answer, which the composition root wires in."""

from __future__ import annotations

from typing import Protocol

from domain.accounts.application import Accounts
from domain.identity.application import Identity
from domain.identity.user import User


class ReferralDirectory(Protocol):
    def brand_of(self, account_number: str) -> str | None:
        """The account's brand; None when no account has this number."""
        ...

    def account_of_email(self, email: str) -> str | None:
        """The account of the user who logs in with `email`; None when nobody does."""
        ...


class AccountsDirectory:
    def __init__(self, accounts: Accounts, identity: Identity) -> None:
        self.accounts, self.identity = accounts, identity

    def brand_of(self, account_number: str) -> str | None:
        account = self.accounts.account(account_number)
        return None if account is None else str(account.brand)

    def account_of_email(self, email: str) -> str | None:
        user_id = self.identity.user_id_for_email(email)
        user = None if user_id is None else self.identity.find(user_id)
        # A user of several accounts refers from the first they were given.
        if isinstance(user, User) and user.account_numbers:
            return str(user.account_numbers[0])
        return None
