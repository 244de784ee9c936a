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
    """A UK bank account as a client typed it (spaces and hyphens allowed): a sort code and an
    account number, or a GB IBAN that carries both; `account_type` as Kraken's BankDetailsInput has it."""

    account_holder: str
    sort_code: str = ""
    account_number: str = ""
    iban: str = ""
    account_type: str = ""


class SetUpDirectDebitInstruction(msgspec.Struct, frozen=True, kw_only=True):
    """`account_user_id` is the account user who holds the mandate (None: the account has none)."""

    account_number: str
    valid_from: datetime
    bank_details: BankDetails
    account_user_id: str | None = None
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


# Repayments, credit transfers and printed bills ------------------------------------------------


class SubmitRepaymentRequest(msgspec.Struct, frozen=True, kw_only=True):
    """Asks to pay `amount` of the ledger's credit back to the customer. Requests up to
    `auto_approve_limit` (the server's setting) are approved at once; larger ones wait for an operator."""

    account_number: str
    amount: int
    idempotency_key: str
    method: str = "BANK_TRANSFER"
    reason: str = ""
    ledger_id: str | None = None
    ledger_number: str | None = None
    auto_approve_limit: int = 0


class CancelRepaymentRequest(msgspec.Struct, frozen=True, kw_only=True):
    account_number: str
    request_id: str


class CreateCreditTransferPermission(msgspec.Struct, frozen=True, kw_only=True):
    """Lets credit move from the source ledger to the target ledger (the caller may act on both)."""

    source_ledger_number: str
    target_ledger_number: str


class TerminateCreditTransferPermission(msgspec.Struct, frozen=True, kw_only=True):
    """Ends the permission at `active_at` (now if not given)."""

    source_ledger_number: str
    target_ledger_number: str
    active_at: datetime | None = None


class TransferCredit(msgspec.Struct, frozen=True, kw_only=True):
    """An operator's or worker's command: moves credit along an active permission."""

    source_ledger_number: str
    target_ledger_number: str
    amount: int
    reason: str


class DraftBill(msgspec.Struct, frozen=True, kw_only=True):
    """An operator's command: a bill of `amount` for the account's ledger (its main ledger by default)."""

    account_number: str
    amount: int
    description: str
    ledger_number: str | None = None


class RequestPrintedBill(msgspec.Struct, frozen=True, kw_only=True):
    account_number: str
    billing_document_id: str


# Payment instructions: the provider's embedded form and hosted page -----------------------------


class GetEmbeddedSecretForNewPaymentInstruction(msgspec.Struct, frozen=True, kw_only=True):
    account_number: str
    instruction_type: str
    ledger_id: str | None = None
    ledger_number: str | None = None


class GetEmbeddedSecretForNewPaymentInstructionWithoutAccount(msgspec.Struct, frozen=True, kw_only=True):
    instruction_type: str


class GetHostedUrlForNewPaymentInstruction(msgspec.Struct, frozen=True, kw_only=True):
    account_number: str
    ledger_number: str
    instruction_type: str
    return_url_success: str = ""
    return_url_failure: str = ""
    return_url_error: str = ""
    return_url_cancel: str = ""


class CompleteHostedInstructionSetup(msgspec.Struct, frozen=True, kw_only=True):
    """The provider's hosted page recorded the customer's card or bank account under `vendor_reference`:
    store it as the instruction the set-up token was issued for (bank details for a direct debit)."""

    token: str
    vendor_reference: str
    bank_details: BankDetails | None = None


# Payment schedules ----------------------------------------------------------------------------------


class CreateAccountPaymentSchedule(msgspec.Struct, frozen=True, kw_only=True):
    """Replaces the ledger's active fixed schedule from today with one of another day or amount."""

    account_number: str
    ledger_number: str
    payment_day: int | None = None
    payment_amount: int | None = None


class CreateDirectDebitInstructionAndSchedule(msgspec.Struct, frozen=True, kw_only=True):
    """`account_user_id`: the account user asking, who holds the new mandate."""

    account_number: str
    ledger_number: str
    bank_details: BankDetails
    payment_day: int
    account_user_id: str
    payment_amount: int | None = None


class CreateDirectDebitPaymentSchedule(msgspec.Struct, frozen=True, kw_only=True):
    account_number: str
    ledger_number: str
    payment_day: int
    payment_amount: int | None = None


class UpdatePaymentSchedule(msgspec.Struct, frozen=True, kw_only=True):
    account_number: str
    payment_schedule_id: str
    payment_day: int | None = None
    payment_amount: int | None = None


class UpdateAutoTopUpAmount(msgspec.Struct, frozen=True, kw_only=True):
    account_number: str
    payment_amount: int
    ledger_id: str | None = None
    ledger_number: str | None = None


class CreateAutoTopUpSchedule(msgspec.Struct, frozen=True, kw_only=True):
    """Operators: top up `amount` whenever the ledger's balance falls below `trigger_threshold`."""

    account_number: str
    ledger_number: str
    trigger_threshold: int
    amount: int


class CreatePlanSchedule(msgspec.Struct, frozen=True, kw_only=True):
    """Operators: the fixed schedule of a debt repayment plan (changed only through the plan)."""

    account_number: str
    ledger_number: str
    payment_day: int
    amount: int


class RecordScheduleCollection(msgspec.Struct, frozen=True, kw_only=True):
    """The scheduler: the payment `payment_id` was asked for schedule `schedule_id` in `period`."""

    ledger_number: str
    schedule_id: int
    period: str
    payment_id: int


class AmendPayment(msgspec.Struct, frozen=True, kw_only=True):
    """A new amount and date for a payment that has not been submitted yet."""

    account_number: str
    payment_id: int
    amount: int
    payment_date: date
    reason: str = ""


class InitiateStandalonePayment(msgspec.Struct, frozen=True, kw_only=True):
    """A payment the customer completes in the provider's embedded form."""

    account_number: str
    amount: int
    description: str
    collection_method: str | None = None
    ledger_id: str | None = None
    ledger_number: str | None = None


class InitiateHostedStandalonePayment(msgspec.Struct, frozen=True, kw_only=True):
    """A payment the customer completes on the provider's hosted page."""

    account_number: str
    amount: int
    description: str
    collection_method: str | None = None
    ledger_id: str | None = None
    ledger_number: str | None = None
