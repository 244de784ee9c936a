"""The payment-provider adapter: what the payments actors ask of a provider, and the configured one.

A provider moves money in (`collect`, a direct debit or card charge) and out (`pay_out`, a
repayment). Both answer asynchronously, as real providers do: the call is accepted PENDING under
a reference, and `collection(reference)` / `payout(reference)` report the outcome once settled.
Every call carries an idempotency key: calling again with the same key (after a crash, a
redelivery, a timeout) returns the first charge or payout, never a second one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from settings import Settings


class Outcome(StrEnum):
    PENDING = "PENDING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


@dataclass(frozen=True, slots=True)
class ProviderResult:
    reference: str
    status: Outcome
    failure_code: str | None = None


class ProviderUnavailable(Exception):
    """Transient: nothing was decided; retry later with the same key."""


class IdempotencyMismatch(ValueError):
    """The key was first used for a different request (amount, destination, ...); nothing was done.

    A caller bug, never transient: retrying the same call fails the same way.
    """


class UnknownReference(LookupError):
    """The provider has no charge or payout under this reference."""


class PaymentProvider(Protocol):
    def collect(
        self, *, idempotency_key: str, amount: int, currency: str, instruction_type: str, vendor_reference: str
    ) -> ProviderResult:
        """Asks for `amount` (minor units) from the customer's instrument; accepted PENDING."""
        ...

    def collection(self, reference: str) -> ProviderResult:
        """The collection's current status."""
        ...

    def pay_out(
        self, *, idempotency_key: str, amount: int, currency: str, method: str, payee: str, destination: str
    ) -> ProviderResult:
        """Sends `amount` (minor units) to `destination` (e.g. bank details) for `payee`; accepted PENDING."""
        ...

    def payout(self, reference: str) -> ProviderResult:
        """The payout's current status."""
        ...


def sandbox_path(settings: Settings) -> Path:
    return Path(settings.payment_sandbox_path or Path(settings.data_dir) / "payment-sandbox.sqlite3")


def settle_deadline(settings: Settings) -> timedelta:
    """How long a charge or payout may stay unsettled after submission before it is recorded as failed."""
    return timedelta(seconds=settings.payment_settle_deadline_seconds)
