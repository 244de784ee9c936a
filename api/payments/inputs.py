"""GraphQL input types of the payments context, as the Kraken wire contract names them."""

from __future__ import annotations

import datetime
from typing import Any

import strawberry

from api.bounds import (
    ACCOUNT_NUMBER,
    BANK_ACCOUNT,
    BANK_ACCOUNT_TYPE,
    BANK_CODE,
    DESCRIPTION,
    ENTITY_ID,
    IDEMPOTENCY_KEY,
    LEDGER_NUMBER,
    NAME,
    URL,
    VENDOR_REFERENCE,
)
from api.payments.types import CollectionMethod, PaymentType, RequestableRepaymentMethod


def given(value: Any) -> Any:
    """An optional input as the domain takes it: None when not sent (UNSET), null or empty."""
    return None if value is strawberry.UNSET or value in (None, "") else value


@strawberry.input
class AmendPaymentInput:
    account_number: str = strawberry.field(description="The account number.", metadata=ACCOUNT_NUMBER)
    payment_id: int = strawberry.field(description="The ID of the payment to amend.")
    amount: int = strawberry.field(description="The new amount for the amended payment.")
    payment_date: datetime.date = strawberry.field(description="The new date to collect the payment.")
    reason: str | None = strawberry.field(
        description="Reason for amending the payment.", default=strawberry.UNSET, metadata=DESCRIPTION
    )


@strawberry.input
class BankDetailsInput:
    account_holder: str | None = strawberry.field(default=strawberry.UNSET, metadata=NAME)
    iban: str | None = strawberry.field(default=strawberry.UNSET, metadata=BANK_ACCOUNT)
    account_number: str | None = strawberry.field(default=strawberry.UNSET, metadata=BANK_ACCOUNT)
    bank_code: str | None = strawberry.field(default=strawberry.UNSET, metadata=BANK_CODE)
    branch_code: str | None = strawberry.field(default=strawberry.UNSET, metadata=BANK_CODE)
    account_type: str | None = strawberry.field(default=strawberry.UNSET, metadata=BANK_ACCOUNT_TYPE)


@strawberry.input
class CancelRepaymentRequestInputType:
    request_id: str = strawberry.field(description="The id of the request to be cancelled.", metadata=ENTITY_ID)


@strawberry.input
class CollectPaymentInput:
    account_number: str = strawberry.field(description="The account number.", metadata=ACCOUNT_NUMBER)
    amount: int = strawberry.field(description="The payment amount (in pence).")
    payment_date: datetime.date = strawberry.field(description="The date to attempt to take the payment.")
    description: str = strawberry.field(
        description="The reason a payment is being collected, for internal audit purposes", metadata=DESCRIPTION
    )
    idempotency_key: str = strawberry.field(metadata=IDEMPOTENCY_KEY)
    collection_method: PaymentType | None = strawberry.field(
        description="The type of the payment instruction.", default=strawberry.UNSET
    )
    ledger_id: strawberry.ID | None = strawberry.field(
        description="The ID of the ledger on which to collect the payment.",
        default=strawberry.UNSET,
        metadata=ENTITY_ID,
    )
    ledger_number: str | None = strawberry.field(
        description="The ledger number. Give the ledger's ID or its number, not both (KT-CT-3820, KT-CT-3821).",
        default=strawberry.UNSET,
        metadata=LEDGER_NUMBER,
    )


@strawberry.input(description="Input type for updating the payment schedule on a ledger.")
class CreateAccountPaymentScheduleInput:
    account_number: str = strawberry.field(
        description="Number of the account for which to update the schedule.", metadata=ACCOUNT_NUMBER
    )
    ledger_number: str = strawberry.field(
        description="Number of the ledger associated with the current payment schedule.", metadata=LEDGER_NUMBER
    )
    payment_day: int | None = strawberry.field(
        description="The new day of the month at which to take payment; ranges from 1 to 28.", default=strawberry.UNSET
    )
    payment_amount: int | None = strawberry.field(description="The new fixed payment amount.", default=strawberry.UNSET)


@strawberry.input
class CreateCreditTransferPermissionInput:
    source_ledger_number: str = strawberry.field(description="Source ledger number.", metadata=LEDGER_NUMBER)
    target_ledger_number: str = strawberry.field(description="Target ledger number.", metadata=LEDGER_NUMBER)


@strawberry.input(
    description="Input fields for creating a direct debit instruction and a payment schedule collected by it."
)
class CreateDirectDebitInstructionAndScheduleInput:
    account_number: str = strawberry.field(description="The number of the account.", metadata=ACCOUNT_NUMBER)
    ledger_number: str = strawberry.field(
        description="The number of the ledger the schedule collects for (KT-CT-3964 if it already has future payment schedules).",
        metadata=LEDGER_NUMBER,
    )
    direct_debit_instruction: DirectDebitInstructionLocalBankDetailsInput = strawberry.field(
        description="The bank details of the new direct debit instruction."
    )
    payment_day: int = strawberry.field(description="The day of the month on which to take payment; 1 to 28.")
    payment_amount: int | None = strawberry.field(
        description="The fixed amount of each payment, in pence. If omitted, the payments are calculated from the amount owed (KT-CT-3965 if none result).",
        default=strawberry.UNSET,
    )


@strawberry.input(
    description="Input fields for creating a payment schedule collected by the account's existing direct debit instruction."
)
class CreateDirectDebitPaymentScheduleInput:
    account_number: str = strawberry.field(description="The number of the account.", metadata=ACCOUNT_NUMBER)
    ledger_number: str = strawberry.field(
        description="The number of the ledger the schedule collects for (KT-CT-3964 if it already has future payment schedules).",
        metadata=LEDGER_NUMBER,
    )
    payment_day: int = strawberry.field(description="The day of the month on which to take payment; 1 to 28.")
    payment_amount: int | None = strawberry.field(
        description="The fixed amount of each payment, in pence. If omitted, the payments are calculated from the amount owed (KT-CT-3965 if none result).",
        default=strawberry.UNSET,
    )


@strawberry.input(description="UK bank details for a new direct debit instruction.")
class DirectDebitInstructionLocalBankDetailsInput:
    account_number: str = strawberry.field(description="The bank account number (8 digits).", metadata=BANK_ACCOUNT)
    account_holder: str = strawberry.field(description="The name of the bank account holder.", metadata=NAME)
    sort_code: str = strawberry.field(description="The bank sort code (6 digits).", metadata=BANK_CODE)


@strawberry.input(description="The input for getting the client secret for an embedded new card payment method form.")
class GetEmbeddedSecretForNewPaymentInstructionInput:
    account_number: str = strawberry.field(description="The account number.", metadata=ACCOUNT_NUMBER)
    instruction_type: PaymentType = strawberry.field(description="The type of the new payment instruction.")
    ledger_id: str | None = strawberry.field(
        description="**WARNING: Will be mandatory in future versions** The ledger ID.",
        default=strawberry.UNSET,
        metadata=ENTITY_ID,
    )
    ledger_number: str | None = strawberry.field(
        description="The ledger number. Give the ledger's ID or its number, not both (KT-CT-3820, KT-CT-3821).",
        default=strawberry.UNSET,
        metadata=LEDGER_NUMBER,
    )


@strawberry.input(description="The input for getting the client secret for an embedded new stored payment method form.")
class GetEmbeddedSecretForNewPaymentInstructionWithoutAccountInput:
    instruction_type: PaymentType = strawberry.field(description="The type of the new payment instruction.")


@strawberry.input(description="The input needed for getting the external URL for setting up a payment instruction.")
class GetHostedUrlForNewPaymentInstructionInput:
    account_number: str = strawberry.field(description="The account number.", metadata=ACCOUNT_NUMBER)
    ledger_number: str = strawberry.field(description="The ledger number.", metadata=LEDGER_NUMBER)
    instruction_type: PaymentType = strawberry.field(description="The type of the new payment instruction.")
    return_url_success: str | None = strawberry.field(
        description="The URL to redirect the user to after the action was completed successfuly.",
        default=strawberry.UNSET,
        metadata=URL,
    )
    return_url_failure: str | None = strawberry.field(
        description="The URL to redirect the user to after the action resulted in a failure.",
        default=strawberry.UNSET,
        metadata=URL,
    )
    return_url_error: str | None = strawberry.field(
        description="The URL to redirect the user to after the action resulted in an error.",
        default=strawberry.UNSET,
        metadata=URL,
    )
    return_url_cancel: str | None = strawberry.field(
        description="The URL to redirect the user to after the action was cancelled.",
        default=strawberry.UNSET,
        metadata=URL,
    )


@strawberry.input(description="Input fields for initiating a hosted standalone payment.")
class InitiateHostedStandalonePaymentInput:
    account_number: str = strawberry.field(description="The account number.", metadata=ACCOUNT_NUMBER)
    amount: int = strawberry.field(description="The amount to be collected in the minor unit of currency.")
    description: str = strawberry.field(
        description="A description of the purpose of the payment.", metadata=DESCRIPTION
    )
    collection_method: CollectionMethod = strawberry.field(
        description="The method by which the payment is being collected."
    )
    ledger_number: str | None = strawberry.field(
        description="The number of the specific ledger against which this payment should be applied.",
        default=strawberry.UNSET,
        metadata=LEDGER_NUMBER,
    )
    ledger_id: strawberry.ID | None = strawberry.field(
        description="The id of the specific ledger against which this payment should be applied.",
        default=strawberry.UNSET,
        metadata=ENTITY_ID,
    )
    return_url_success: str | None = strawberry.field(
        description="The URL to redirect the user to after the action was completed successfuly.",
        default=strawberry.UNSET,
        metadata=URL,
    )
    return_url_pending: str | None = strawberry.field(
        description="The URL to redirect the user to after the action was completed but the payment is still being processed.",
        default=strawberry.UNSET,
        metadata=URL,
    )
    return_url_failure: str | None = strawberry.field(
        description="The URL to redirect the user to after the action resulted in a failure.",
        default=strawberry.UNSET,
        metadata=URL,
    )
    return_url_error: str | None = strawberry.field(
        description="The URL to redirect the user to after the action resulted in an error.",
        default=strawberry.UNSET,
        metadata=URL,
    )
    return_url_cancel: str | None = strawberry.field(
        description="The URL to redirect the user to after the action was cancelled.",
        default=strawberry.UNSET,
        metadata=URL,
    )
    return_url_expired: str | None = strawberry.field(
        description="The URL to redirect the user to if the url is not longer valid.",
        default=strawberry.UNSET,
        metadata=URL,
    )


@strawberry.input(description="Input fields for initiating a standalone payment.")
class InitiateStandalonePaymentInput:
    account_number: str = strawberry.field(description="The account number.", metadata=ACCOUNT_NUMBER)
    amount: int = strawberry.field(description="The amount to be collected in the minor unit of currency.")
    description: str = strawberry.field(
        description="A description of the purpose of the payment.", metadata=DESCRIPTION
    )
    collection_method: CollectionMethod | None = strawberry.field(
        description="The method by which the payment is being collected.", default=strawberry.UNSET
    )
    ledger_id: strawberry.ID | None = strawberry.field(
        description="The id of the specific ledger against which this payment should be applied.",
        default=strawberry.UNSET,
        metadata=ENTITY_ID,
    )
    ledger_number: str | None = strawberry.field(
        description="The ledger number. Give the ledger's ID or its number, not both (KT-CT-3820, KT-CT-3821).",
        default=strawberry.UNSET,
        metadata=LEDGER_NUMBER,
    )


@strawberry.input(description="Input for invalidating an arbitrary payment instruction.")
class InvalidatePaymentInstructionInput:
    account_number: str = strawberry.field(metadata=ACCOUNT_NUMBER)
    id: str = strawberry.field(description="The id of the payment instruction to be invalidated.", metadata=ENTITY_ID)


@strawberry.input
class RequestPrintedBillInput:
    account_number: str = strawberry.field(description="The account number.", metadata=ACCOUNT_NUMBER)
    billing_document_id: strawberry.ID = strawberry.field(
        description="The ID of the billing document to request a printed bill for.", metadata=ENTITY_ID
    )


@strawberry.input
class RequestRepaymentInputType:
    account_number: str = strawberry.field(
        description="The account number for the requested ledger's account.", metadata=ACCOUNT_NUMBER
    )
    ledger_id: str | None = strawberry.field(
        description="The ledger id from which the repayment will be requested.",
        default=strawberry.UNSET,
        metadata=ENTITY_ID,
    )
    amount_in_minor_unit: int = strawberry.field(description="The amount to be repaid.")
    method: RequestableRepaymentMethod | None = strawberry.field(
        description="The method by which the money will be transferred to the customer.", default=strawberry.UNSET
    )
    idempotency_key: str = strawberry.field(
        description="Unique constraint to prevent duplicate requests.", metadata=IDEMPOTENCY_KEY
    )
    reason: str | None = strawberry.field(
        description="The reason for the repayment.", default=strawberry.UNSET, metadata=DESCRIPTION
    )
    ledger_number: str | None = strawberry.field(
        description="The ledger number. Give the ledger's ID or its number, not both (KT-CT-3820, KT-CT-3821).",
        default=strawberry.UNSET,
        metadata=LEDGER_NUMBER,
    )


@strawberry.input
class SetUpDirectDebitInstructionInput:
    account_number: str = strawberry.field(metadata=ACCOUNT_NUMBER)
    ledger_id: strawberry.ID | None = strawberry.field(default=strawberry.UNSET, metadata=ENTITY_ID)
    valid_from: datetime.datetime
    bank_details: BankDetailsInput
    ledger_number: str | None = strawberry.field(
        description="The ledger number. Give the ledger's ID or its number, not both (KT-CT-3820, KT-CT-3821).",
        default=strawberry.UNSET,
        metadata=LEDGER_NUMBER,
    )


@strawberry.input(description="The input for storing a new payment instruction created through the embedded process.")
class StorePaymentInstructionInput:
    account_number: str = strawberry.field(description="The account number.", metadata=ACCOUNT_NUMBER)
    instruction_type: PaymentType = strawberry.field(description="The type of the new payment instruction.")
    valid_from: datetime.datetime = strawberry.field(description="The datetime from which the instruction is vaild.")
    vendor_reference: str = strawberry.field(
        description="The vendor's reference for this payment method.", metadata=VENDOR_REFERENCE
    )
    ledger_id: str | None = strawberry.field(
        description="**WARNING: Will be mandatory in future versions** The ledger ID to which the instructions will be linked.",
        default=strawberry.UNSET,
        metadata=ENTITY_ID,
    )
    ledger_number: str | None = strawberry.field(
        description="The ledger number. Give the ledger's ID or its number, not both (KT-CT-3820, KT-CT-3821).",
        default=strawberry.UNSET,
        metadata=LEDGER_NUMBER,
    )


@strawberry.input
class TerminateCreditTransferPermissionInput:
    active_at: datetime.datetime | None = strawberry.field(
        description="Datetime when the credit transfer permission is valid.", default=strawberry.UNSET
    )
    source_ledger_number: str = strawberry.field(
        description="Source ledger number of the credit transfer permission.", metadata=LEDGER_NUMBER
    )
    target_ledger_number: str = strawberry.field(
        description="Target ledger number of the credit transfer permission.", metadata=LEDGER_NUMBER
    )


@strawberry.input(description="Input type for updating the schedule auto top up amount for for an account.")
class UpdateAutoTopUpAmountInput:
    account_number: str = strawberry.field(
        description="Account number to update the schedule auto top up amount for.", metadata=ACCOUNT_NUMBER
    )
    ledger_id: int | None = strawberry.field(
        default=strawberry.UNSET,
        description="Specifies the ledger ID associated with the current schedule for updates.",
    )
    payment_amount: int = strawberry.field(description="The new auto-top-up amount for the payment schedule.")
    ledger_number: str | None = strawberry.field(
        description="The ledger number. Give the ledger's ID or its number, not both (KT-CT-3820, KT-CT-3821).",
        default=strawberry.UNSET,
        metadata=LEDGER_NUMBER,
    )


@strawberry.input(
    description="Input fields for updating a payment schedule; give at least one of paymentDay and paymentAmount."
)
class UpdatePaymentScheduleInput:
    account_number: str = strawberry.field(
        description="The number of the account the schedule belongs to.", metadata=ACCOUNT_NUMBER
    )
    payment_schedule_id: strawberry.ID = strawberry.field(
        description="The ID of the payment schedule to update (KT-CT-3966 if it does not exist).", metadata=ENTITY_ID
    )
    payment_day: int | None = strawberry.field(
        description="The new day of the month on which to take payment; 1 to 28.", default=strawberry.UNSET
    )
    payment_amount: int | None = strawberry.field(
        description="The new fixed amount of each payment, in pence.", default=strawberry.UNSET
    )
