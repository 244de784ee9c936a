"""Accounts A-1 to A-4, for the loyalty tests that need no more of the accounts context than that they exist."""

from __future__ import annotations

import pytest

from domain.loyalty.referral_directory import ReferralDirectory
from projections.contexts import Contexts


class NumberedAccounts:
    """Accounts A-1 to A-4 exist, of one brand, besides the accounts context's own."""

    def __init__(self, directory: ReferralDirectory) -> None:
        self.directory = directory

    def brand_of(self, account_number: str) -> str | None:
        if account_number in {"A-1", "A-2", "A-3", "A-4"}:
            return "SEVERN_TRENT"
        return self.directory.brand_of(account_number)

    def account_of_email(self, email: str) -> str | None:
        return self.directory.account_of_email(email)


@pytest.fixture
def numbered_accounts(contexts: Contexts) -> None:
    contexts.loyalty.directory = NumberedAccounts(contexts.loyalty.directory)
