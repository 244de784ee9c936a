"""What the referral tests share: the demo's schemes, customers of either brand, and ledger checks."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from domain.identity import commands as identity
from domain.loyalty import commands
from domain.loyalty.referral_schemes import Scheme
from projections.contexts import Contexts
from tests.conftest import PASSWORD

FRIEND = "ST-FRIEND"
PARTNER = "ST-PARTNER"


def friend_scheme(contexts: Contexts, *, points_bonus: int = 0, brand: str = "SEVERN_TRENT") -> Scheme:
    return contexts.loyalty.add_referral_scheme(
        commands.AddReferralScheme(
            code=FRIEND if brand == "SEVERN_TRENT" else "HD-FRIEND",
            scheme_type="REFERRAL_REWARD",
            referrer_reward=5000,
            referred_reward=2500,
            points_bonus=points_bonus,
            brand=brand,
            starts_at=contexts.loyalty.clock.now() - timedelta(days=30),
        )
    )


def partner_scheme(
    contexts: Contexts, *, starts_at: datetime | None = None, ends_at: datetime | None = None, code: str = PARTNER
) -> Scheme:
    return contexts.loyalty.add_referral_scheme(
        commands.AddReferralScheme(
            code=code,
            scheme_type="PARTNER_REWARD",
            referrer_reward=0,
            referred_reward=1500,
            brand="SEVERN_TRENT",
            starts_at=starts_at or contexts.loyalty.clock.now() - timedelta(days=1),
            ends_at=ends_at,
        )
    )


def customer_of(contexts: Contexts, name: str, email: str, brand: str | None = None) -> dict[str, str]:
    """An account and its one user, who logs in with `email`."""
    account = contexts.accounts.open_account(name)
    if brand is not None:
        contexts.accounts.set_account_brand(account.number, brand)
    given, family = name.split()
    user_id = contexts.identity.register_user(
        identity.RegisterUser(
            email=email, password=PASSWORD, given_name=given, family_name=family, account_numbers=(account.number,)
        )
    )
    return {"account_number": account.number, "user_id": str(user_id), "email": email}


def ledger_entries(contexts: Contexts, account_number: str) -> list[tuple[int, str]]:
    """The account's main ledger entries (amount, source); the balance must be their sum."""
    payments = contexts.payments
    ledger = payments.ledger_of(account_number)
    if ledger is None:
        return []
    events: list[Any] = list(payments.repository.event_store.get(ledger.id))
    entries = [(e.amount, e.source) for e in events if type(e).__name__ == "Posted"]
    assert ledger.balance == sum(amount for amount, _ in entries)
    return entries
