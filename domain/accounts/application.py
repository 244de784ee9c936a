"""The accounts context's application: customer accounts and what hangs off them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from domain.accounts.account import BRANDS, DEFAULT_BRAND, Account, new_account_number
from domain.accounts.billing_commands import BillingCommands
from domain.accounts.consent_commands import ConsentCommands, ConsentSettings
from domain.accounts.consents import DoubleOptInTokens
from domain.accounts.feedback_commands import FeedbackCommands
from domain.accounts.form_commands import FormCommands
from domain.accounts.metadata_commands import MetadataCommands
from domain.accounts.profile_commands import ProfileCommands
from domain.accounts.property_commands import DEFAULT_MAX_OCCUPANTS, PropertyCommands
from domain.accounts.reference_commands import ReferenceCommands
from domain.shared.application import ContextApplication
from domain.shared.clock import Clock


class Accounts(
    BillingCommands,
    ConsentCommands,
    MetadataCommands,
    ProfileCommands,
    PropertyCommands,
    ReferenceCommands,
    FeedbackCommands,
    FormCommands,
    ContextApplication,
):
    name = "Accounts"

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        clock: Clock | None = None,
        *,
        max_occupants: int = DEFAULT_MAX_OCCUPANTS,
        consents: ConsentSettings | None = None,
        brand: str = DEFAULT_BRAND,
    ) -> None:
        super().__init__(env, clock)
        if brand not in BRANDS:
            raise ValueError(f"KRAKEN_BRAND: {brand!r} is not one of {', '.join(BRANDS)}")
        # The brand of the accounts this deployment opens (KRAKEN_BRAND).
        self.brand = brand
        self.max_occupants = max_occupants
        self.consent_settings = consents or ConsentSettings()
        self.double_opt_in_tokens = DoubleOptInTokens(self.consent_settings.token_key)

    def open_account(self, billing_name: str) -> Account:
        """Opens an account under a fresh number (an operator command; Kraken opens them at sign-up)."""

        def decide() -> tuple[Account, list[Any]]:
            # A number already taken makes the save conflict, and the retry draws another one.
            account = Account.open(new_account_number(), billing_name, opened_at=self.clock.now(), brand=self.brand)
            return account, [account]

        return self.decide(decide)

    def open_account_numbered(self, number: str, billing_name: str, holder_user_id: UUID | None = None) -> Account:
        """Opens an account under a number drawn beforehand; idempotent: a retry answers the account opened.

        A process that must not open two accounts for one request (a sign-up arriving twice) draws
        the number first, records it, and then opens the account under it as often as it resumes.
        `holder_user_id` names the account user whose sign-up opens it: the billing name is theirs.
        """

        def decide() -> tuple[Account, list[Any]]:
            opened = self.account(number)
            if opened is not None:
                return opened, []
            account = Account.open(
                number, billing_name, opened_at=self.clock.now(), brand=self.brand, holder_user_id=holder_user_id
            )
            return account, [account]

        return self.decide(decide)

    def set_account_brand(self, number: str, brand: str) -> Account:
        """An operator's command: the account belongs to `brand` from now on."""
        if brand not in BRANDS:
            raise ValueError(f"{brand!r} is not one of the brands {', '.join(BRANDS)}.")

        def decide() -> tuple[Account, list[Any]]:
            account = self.account(number)
            if account is None:
                raise LookupError(f"No account has the number {number}.")
            account.change_brand(brand, changed_at=self.clock.now())
            return account, [account]

        return self.decide(decide)

    def account(self, number: str) -> Account | None:
        found: Account | None = self.find(Account.id_for(number))
        return found
