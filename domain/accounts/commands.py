"""The accounts context's commands: what each mutation and operator command asks of the Accounts application."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

# Consents ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DefineConsentType:
    code: str
    name: str
    description: str
    default_value: str


@dataclass(frozen=True, slots=True)
class ConsentChoice:
    """One consent asked for; `value` None when the input left it out (refused by the command)."""

    code: str
    value: str | None
    source: str


@dataclass(frozen=True, slots=True)
class UpdateAccountConsents:
    account_number: str
    consents: tuple[ConsentChoice, ...]
    recorded_by: str


@dataclass(frozen=True, slots=True)
class UpdateAccountUserConsents:
    user_id: UUID
    consents: tuple[ConsentChoice, ...]
    recorded_by: str


@dataclass(frozen=True, slots=True)
class RequestDoubleOptIn:
    """For an account when `account_number` is given, for the user `user_id` otherwise."""

    code: str
    email: str
    mobile: str
    ip: str
    requested_by: str
    account_number: str | None = None
    user_id: UUID | None = None


@dataclass(frozen=True, slots=True)
class ConfirmDoubleOptIn:
    token: str = field(repr=False)
    ip: str
