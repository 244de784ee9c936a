"""Payments commands: one per mutation, named after it, plus the operators' and workers' commands.

Ledger IDs that a client types in stay as given (strings or integers): one that names no ledger of
the account is answered with the mutation's own refusal code.
"""

from __future__ import annotations

from datetime import date, datetime

import msgspec


class StorePaymentInstruction(msgspec.Struct, frozen=True, kw_only=True):
    """Stores a card instruction the provider created through the embedded form."""

    account_number: str
    instruction_type: str
    valid_from: datetime
    vendor_reference: str
    ledger_id: str | None = None
    ledger_number: str | None = None


class BankDetails(msgspec.Struct, frozen=True, kw_only=True):
    """A UK bank account as a client typed it (spaces and hyphens allowed)."""

    account_holder: str
    sort_code: str
    account_number: str


class SetUpDirectDebitInstruction(msgspec.Struct, frozen=True, kw_only=True):
    account_number: str
    valid_from: datetime
    bank_details: BankDetails
    ledger_id: str | None = None
    ledger_number: str | None = None


class InvalidatePaymentInstruction(msgspec.Struct, frozen=True, kw_only=True):
    account_number: str
    instruction_id: str


class CollectPayment(msgspec.Struct, frozen=True, kw_only=True):
    """Collects `amount` on `payment_date`: today means now (an instruction of `collection_method`
    must exist), a later date is collected when due by whichever instruction exists then.
    The same idempotency key with the same request gives the first payment again."""

    account_number: str
    amount: int
    payment_date: date
    description: str
    idempotency_key: str
    collection_method: str | None = None
    ledger_id: str | None = None
    ledger_number: str | None = None
