"""Error catalogue of the payments context: payments, instructions, schedules, repayments and credit transfers."""

from domain.shared.errors import ErrorType, KrakenError


# collectPayment
class PaymentCollectionDataInvalid(
    KrakenError,
    code="KT-CT-3932",
    type=ErrorType.VALIDATION,
    message="Invalid data.",
    description=(
        "The payment to collect is invalid, for example a zero or negative amount or a payment date in the past."
    ),
):
    """Raised by collectPayment when the payment amount, date or method is invalid."""


class LedgerIdAndNumberBothGiven(
    KrakenError,
    code="KT-CT-3820",
    type=ErrorType.VALIDATION,
    message="Received both ledger ID and number.",
    description="Both a ledger ID and a ledger number were given; identify the ledger by exactly one of them.",
):
    """Raised when both a ledger ID and a ledger number are given.

    Raised by collectPayment, initiateStandalonePayment, getEmbeddedSecretForNewPaymentInstruction,
    storePaymentInstruction, setUpDirectDebitInstruction, updateAutoTopUpAmount and submitRepaymentRequest.
    """


class LedgerNotIdentified(
    KrakenError,
    code="KT-CT-3821",
    type=ErrorType.VALIDATION,
    message="Received neither ledger ID nor ledger number.",
    description="Neither a ledger ID nor a ledger number was given; one of them is required to identify the ledger.",
):
    """Raised when neither a ledger ID nor a ledger number is given.

    Raised by collectPayment, setUpDirectDebitInstruction, updateAutoTopUpAmount and submitRepaymentRequest.
    """


# amendPayment
class PaymentAmendmentAccessDenied(
    KrakenError,
    code="KT-CT-3924",
    type=ErrorType.AUTHORIZATION,
    message="Unauthorized.",
    description=(
        "The payment does not belong to the account given, or the viewer may not amend that account's payments."
    ),
):
    """Raised by amendPayment when the viewer may not amend the payment."""


# initiateStandalonePayment
class PaymentAccountAccessDenied(
    KrakenError,
    code="KT-CT-4177",
    type=ErrorType.AUTHORIZATION,
    message="Unauthorized.",
    description="The viewer may not take payments or store payment instructions for the account given.",
):
    """Raised when the viewer may not manage the account's payments.

    Raised by initiateStandalonePayment, getEmbeddedSecretForNewPaymentInstruction and storePaymentInstruction.
    """


class LedgerAccessDenied(
    KrakenError,
    code="KT-CT-3822",
    type=ErrorType.AUTHORIZATION,
    message="Unauthorized.",
    description="The ledger given does not belong to an account the viewer may act on.",
):
    """Raised when the viewer may not use the given ledger, and by the domain for a ledger of another account.

    Raised by initiateStandalonePayment, initiateHostedStandalonePayment,
    getEmbeddedSecretForNewPaymentInstruction, getHostedUrlForNewPaymentInstruction, storePaymentInstruction,
    createAccountPaymentSchedule, updateAutoTopUpAmount, createCreditTransferPermission and
    terminateCreditTransferPermission.
    """


class LedgerNotFound(
    KrakenError,
    code="KT-CT-3943",
    type=ErrorType.NOT_FOUND,
    message="Invalid ledger.",
    description="No ledger matches the ledger ID or number given.",
):
    """Raised when the ledger a client named does not exist (another account's raises LedgerAccessDenied).

    initiateStandalonePayment and initiateHostedStandalonePayment answer with it; other mutations
    name their own code for it.
    """


# initiateHostedStandalonePayment
class CollectionMethodMissing(
    KrakenError,
    code="KT-CT-3957",
    type=ErrorType.VALIDATION,
    message="No collection method provided.",
    description="The hosted payment needs a collection method saying how the customer will pay, and none was given.",
):
    """Raised by initiateHostedStandalonePayment when no collection method is given."""


class HostedPaymentLedgerNotIdentified(
    KrakenError,
    code="KT-CT-3958",
    type=ErrorType.VALIDATION,
    message="Provide either ledger ID or ledger number.",
    description="Exactly one of ledgerId and ledgerNumber must be given for a hosted standalone payment.",
):
    """Raised by initiateHostedStandalonePayment when neither or both of ledgerId and ledgerNumber are given."""


# invalidatePaymentInstruction
class PaymentInstructionAccessDenied(
    KrakenError,
    code="KT-CT-3926",
    type=ErrorType.AUTHORIZATION,
    message="Unauthorized.",
    description=(
        "The payment instruction does not belong to the account given, or the viewer may not manage that account's "
        "payment instructions."
    ),
):
    """Raised by invalidatePaymentInstruction when the viewer may not invalidate the instruction."""


# setUpDirectDebitInstruction
class DirectDebitInstructionDataInvalid(
    KrakenError,
    code="KT-CT-3940",
    type=ErrorType.VALIDATION,
    message="Invalid data.",
    description=(
        "The bank details or validFrom date given for the direct debit instruction are invalid, for example a "
        "malformed sort code or account number."
    ),
):
    """Raised by setUpDirectDebitInstruction when the bank details or start date are invalid."""


class DirectDebitAccountUserNotFound(
    KrakenError,
    code="KT-CT-5415",
    type=ErrorType.NOT_FOUND,
    message="Account user not found.",
    description="The account has no account user who can be recorded as the holder of the direct debit instruction.",
):
    """Raised by setUpDirectDebitInstruction when no account user can hold the instruction."""


class DirectDebitBusinessNotFound(
    KrakenError,
    code="KT-CT-11103",
    type=ErrorType.NOT_FOUND,
    message="Business not found.",
    description="The account belongs to a business customer but no business record exists to hold the instruction.",
):
    """Raised by setUpDirectDebitInstruction when the account's business record is missing."""


# createDirectDebitInstructionAndSchedule
class PaymentInstructionUnexpectedError(
    KrakenError,
    code="KT-CT-3947",
    type=ErrorType.APPLICATION,
    message="An unexpected error occurred.",
    description=(
        "An unexpected failure occurred while checking or setting up the payment instruction behind the schedule; "
        "retry later."
    ),
):
    """Raised when setting up the schedule's payment instruction fails unexpectedly.

    Raised by createDirectDebitInstructionAndSchedule, createAccountPaymentSchedule and updateAutoTopUpAmount.
    """


class DirectDebitInstructionSetupFailed(
    KrakenError,
    code="KT-CT-3948",
    type=ErrorType.APPLICATION,
    message="Could not set up direct debit instruction.",
    description=(
        "The bank details were accepted but the direct debit instruction could not be set up with the payment provider."
    ),
):
    """Raised by createDirectDebitInstructionAndSchedule when the direct debit instruction cannot be set up."""


class DirectDebitScheduleDataInvalid(
    KrakenError,
    code="KT-GB-3930",
    type=ErrorType.VALIDATION,
    message="Invalid data.",
    description="The bank details or payment schedule settings given for the new direct debit are invalid.",
):
    """Raised by createDirectDebitInstructionAndSchedule when the bank details or schedule settings are invalid."""


class FuturePaymentScheduleExists(
    KrakenError,
    code="KT-CT-3964",
    type=ErrorType.APPLICATION,
    message="Could not create payment schedule on ledger with future payment schedules.",
    description="The ledger already has a payment schedule starting in the future, so another one cannot be created.",
):
    """Raised when the ledger already has a future payment schedule.

    Raised by createDirectDebitInstructionAndSchedule and createDirectDebitPaymentSchedule.
    """


class PaymentScheduleWithoutPayments(
    KrakenError,
    code="KT-CT-3965",
    type=ErrorType.APPLICATION,
    message="Payments list is empty. Unable to create payments for payment schedule.",
    description="The schedule settings produce no payments to collect, so no payment schedule was created.",
):
    """Raised when the schedule would contain no payments.

    Raised by createDirectDebitInstructionAndSchedule and createDirectDebitPaymentSchedule.
    """


# createDirectDebitPaymentSchedule
class PaymentScheduleInputInvalid(
    KrakenError,
    code="KT-GB-3931",
    type=ErrorType.VALIDATION,
    message="Invalid data for payment schedule input.",
    description=(
        "The payment schedule input is invalid, for example a payment day outside 1-28, a non-positive amount or an "
        "unsupported frequency."
    ),
):
    """Raised by createDirectDebitPaymentSchedule when the schedule's day, amount or frequency is invalid."""


# createAccountPaymentSchedule
class ActivePaymentScheduleNotFound(
    KrakenError,
    code="KT-CT-3815",
    type=ErrorType.NOT_FOUND,
    message="No active payment schedule found for this account.",
    description="The ledger has no payment schedule active today to replace or change.",
):
    """Raised when the ledger has no active payment schedule.

    Raised by createAccountPaymentSchedule and updateAutoTopUpAmount.
    """


class PaymentScheduleAccessDenied(
    KrakenError,
    code="KT-CT-3923",
    type=ErrorType.AUTHORIZATION,
    message="Unauthorized.",
    description="The viewer may not change the payment schedules of the account given.",
):
    """Raised by createAccountPaymentSchedule when the viewer may not change the account's payment schedule."""


class PaymentScheduleDataInvalid(
    KrakenError,
    code="KT-CT-3941",
    type=ErrorType.VALIDATION,
    message="Invalid data.",
    description="The new schedule values are invalid, for example a payment amount that is zero or negative.",
):
    """Raised by createAccountPaymentSchedule and updateAutoTopUpAmount when the new schedule values are invalid."""


class PaymentScheduleSaveFailed(
    KrakenError,
    code="KT-CT-3942",
    type=ErrorType.APPLICATION,
    message="An unexpected error occurred.",
    description="An unexpected failure occurred while saving the new or changed payment schedule; retry later.",
):
    """Raised when saving the payment schedule fails unexpectedly.

    Raised by createAccountPaymentSchedule, updatePaymentSchedule and updateAutoTopUpAmount.
    """


class PaymentDayInvalid(
    KrakenError,
    code="KT-CT-3960",
    type=ErrorType.VALIDATION,
    message="Invalid value for payment day.",
    description="paymentDay must be a day of the month from 1 to 28.",
):
    """Raised by createAccountPaymentSchedule when paymentDay is outside 1-28."""


class PlanPaymentScheduleNotEditable(
    KrakenError,
    code="KT-CT-3961",
    type=ErrorType.APPLICATION,
    message="Cannot update plan-associated payment schedule.",
    description="The active schedule belongs to a payment plan and can only be changed through that plan.",
):
    """Raised by createAccountPaymentSchedule when the active schedule is tied to a payment plan."""


class PaymentScheduleChangeMissing(
    KrakenError,
    code="KT-CT-3962",
    type=ErrorType.VALIDATION,
    message="No new value provided to update payment schedule.",
    description="Neither paymentDay nor paymentAmount was given, so there is nothing to change.",
):
    """Raised by createAccountPaymentSchedule when no new payment day or amount is given."""


# updatePaymentSchedule
class PaymentScheduleNotFound(
    KrakenError,
    code="KT-CT-3966",
    type=ErrorType.NOT_FOUND,
    message="Payment schedule does not exist.",
    description="No payment schedule of the account has the ID given.",
):
    """Raised by updatePaymentSchedule when the schedule ID names no schedule of the account."""


# updateAutoTopUpAmount
class ScheduleNotBalanceTriggered(
    KrakenError,
    code="KT-CT-3953",
    type=ErrorType.APPLICATION,
    message="The payment schedule is not a balance triggered schedule.",
    description=(
        "Only balance-triggered schedules have an auto top-up amount, and the ledger's active schedule is not one."
    ),
):
    """Raised by updateAutoTopUpAmount when the active schedule is not balance-triggered."""


# submitRepaymentRequest
class AmountInvalid(
    KrakenError,
    code="KT-CT-3927",
    type=ErrorType.VALIDATION,
    message="Invalid Amount.",
    description=(
        "The amount is outside what one payment, repayment, transfer, bill or schedule may move "
        "(1 to the payment amount limit), or more than the credit available on the ledger."
    ),
):
    """Raised for any amount outside the money limits, or beyond the credit a ledger has to give.

    submitRepaymentRequest answers with it; other mutations name their own code for it.
    """


class IdempotencyKeyReused(
    KrakenError,
    code="KT-CT-3928",
    type=ErrorType.APPLICATION,
    message="Idempotency key used for another repayment request.",
    description="The idempotency key was already used for a different request; use a new key for a new request.",
):
    """Raised when a client's idempotency key was first used for another request.

    submitRepaymentRequest answers with it; collectPayment names its own code for it.
    """


# cancelRepaymentRequest
class RepaymentRequestAccessDenied(
    KrakenError,
    code="KT-CT-4231",
    type=ErrorType.AUTHORIZATION,
    message="Unauthorized.",
    description="The repayment request belongs to an account the viewer may not manage.",
):
    """Raised by cancelRepaymentRequest when the viewer may not cancel the request."""


class RepaymentRequestNotFound(
    KrakenError,
    code="KT-CT-3930",
    type=ErrorType.NOT_FOUND,
    message="The repayment or refund request does not exist.",
    description="No repayment or refund request has the requestId given.",
):
    """Raised by cancelRepaymentRequest when the requestId names no request."""


class RepaymentNotCancellable(
    KrakenError,
    code="KT-CT-3931",
    type=ErrorType.APPLICATION,
    message="This repayment or refund request cannot be cancelled.",
    description="The request has already been approved, paid, rejected or cancelled, so it can no longer be cancelled.",
):
    """Raised by cancelRepaymentRequest when the request is past the point of cancellation."""


# Operators' repayment commands (kraken repayment approve|reject) and the payout worker's
class RepaymentNotAwaitingApproval(
    KrakenError,
    code="KT-CT-3934",
    type=ErrorType.APPLICATION,
    message="Repayment request already approved.",
    description="The repayment request is no longer awaiting approval: it was approved, rejected or cancelled.",
):
    """Raised when a request is approved or rejected a second time, or after it was cancelled."""


class RepaymentNotPayable(
    KrakenError,
    code="KT-CT-3935",
    type=ErrorType.APPLICATION,
    message="Repayment request cannot be paid.",
    description=(
        "The ledger no longer holds the credit its open repayment requests ask for, "
        "or the request's payout is not at the step asked for."
    ),
):
    """Raised when approving a request the ledger's credit no longer covers, or a payout step out of order."""


# createCreditTransferPermission
class CreditTransferLedgerNotFound(
    KrakenError,
    code="KT-CT-3827",
    type=ErrorType.NOT_FOUND,
    message="The ledger is not valid.",
    description="The source or target ledger number does not name a ledger that the viewer may use.",
):
    """Raised when a ledger number names no usable ledger.

    Raised by createCreditTransferPermission and terminateCreditTransferPermission.
    """


class CreditStorageLedgerRequired(
    KrakenError,
    code="KT-CT-3828",
    type=ErrorType.VALIDATION,
    message="At least one of the provided ledgers must be a credit storage ledger.",
    description="Neither ledger given is a credit storage ledger; a credit transfer permission needs at least one.",
):
    """Raised by createCreditTransferPermission when neither ledger is a credit storage ledger."""


class CreditTransferPermissionExists(
    KrakenError,
    code="KT-CT-3829",
    type=ErrorType.APPLICATION,
    message="The credit transfer permission already exists.",
    description="An active credit transfer permission already exists from the source ledger to the target ledger.",
):
    """Raised by createCreditTransferPermission when the permission already exists."""


# terminateCreditTransferPermission
class CreditTransferPermissionNotFound(
    KrakenError,
    code="KT-CT-3825",
    type=ErrorType.NOT_FOUND,
    message="Credit transfer permission not found.",
    description=(
        "No credit transfer permission from the source ledger to the target ledger is active at the time given."
    ),
):
    """Raised by terminateCreditTransferPermission when no such permission is active."""


# requestPrintedBill
class PrintedBillAccessDenied(
    KrakenError,
    code="KT-CT-3824",
    type=ErrorType.AUTHORIZATION,
    message="Unauthorized.",
    description=(
        "The billing document does not belong to the account given, or the viewer may not request printed bills for it."
    ),
):
    """Raised by requestPrintedBill when the viewer may not request the printed bill."""


class BillNotIssued(
    KrakenError,
    code="KT-CT-9705",
    type=ErrorType.APPLICATION,
    message="The billing document has not been issued.",
    description="The billing document has not been issued yet, so there is nothing to print and post.",
):
    """Raised by requestPrintedBill when the billing document is not issued."""
