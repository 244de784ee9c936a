"""The payments context's mutations: declarations, and resolvers once implemented."""

from __future__ import annotations

import strawberry

from api.mutation import pending_mutation
from api.payments.inputs import (
    AmendPaymentInput,
    CancelRepaymentRequestInputType,
    CollectPaymentInput,
    CreateAccountPaymentScheduleInput,
    CreateCreditTransferPermissionInput,
    CreateDirectDebitInstructionAndScheduleInput,
    CreateDirectDebitPaymentScheduleInput,
    GetEmbeddedSecretForNewPaymentInstructionInput,
    GetEmbeddedSecretForNewPaymentInstructionWithoutAccountInput,
    GetHostedUrlForNewPaymentInstructionInput,
    InitiateHostedStandalonePaymentInput,
    InitiateStandalonePaymentInput,
    InvalidatePaymentInstructionInput,
    RequestPrintedBillInput,
    RequestRepaymentInputType,
    SetUpDirectDebitInstructionInput,
    StorePaymentInstructionInput,
    TerminateCreditTransferPermissionInput,
    UpdateAutoTopUpAmountInput,
    UpdatePaymentScheduleInput,
)
from api.payments.types import (
    AmendPayment,
    CancelRepaymentRequest,
    CollectPayment,
    CreateAccountPaymentSchedule,
    CreateCreditTransferPermission,
    CreateDirectDebitInstructionAndSchedule,
    CreateDirectDebitPaymentSchedule,
    GetEmbeddedSecretForNewPaymentInstruction,
    GetEmbeddedSecretForNewPaymentInstructionWithoutAccount,
    GetHostedUrlForNewPaymentInstruction,
    InitiateHostedStandalonePayment,
    InitiateStandalonePayment,
    InvalidatePaymentInstruction,
    RequestPrintedBill,
    SetUpDirectDebitInstruction,
    StorePaymentInstruction,
    SubmitRepaymentRequest,
    TerminateCreditTransferPermission,
    UpdateAutoTopUpAmount,
    UpdatePaymentSchedule,
)
from domain.payments.errors import (
    ActivePaymentScheduleNotFound,
    BillNotIssued,
    CollectionMethodMissing,
    CreditStorageLedgerRequired,
    CreditTransferLedgerNotFound,
    CreditTransferPermissionExists,
    CreditTransferPermissionNotFound,
    DirectDebitAccountUserNotFound,
    DirectDebitBusinessNotFound,
    DirectDebitInstructionDataInvalid,
    DirectDebitInstructionSetupFailed,
    DirectDebitScheduleDataInvalid,
    FuturePaymentScheduleExists,
    HostedPaymentLedgerNotIdentified,
    LedgerAccessDenied,
    LedgerIdAndNumberBothGiven,
    LedgerNotIdentified,
    PaymentAccountAccessDenied,
    PaymentAmendmentAccessDenied,
    PaymentCollectionDataInvalid,
    PaymentDayInvalid,
    PaymentInstructionAccessDenied,
    PaymentInstructionUnexpectedError,
    PaymentLedgerNotFound,
    PaymentScheduleAccessDenied,
    PaymentScheduleChangeMissing,
    PaymentScheduleDataInvalid,
    PaymentScheduleInputInvalid,
    PaymentScheduleNotFound,
    PaymentScheduleSaveFailed,
    PaymentScheduleWithoutPayments,
    PlanPaymentScheduleNotEditable,
    PrintedBillAccessDenied,
    RepaymentAmountInvalid,
    RepaymentIdempotencyKeyReused,
    RepaymentNotCancellable,
    RepaymentRequestAccessDenied,
    RepaymentRequestNotFound,
    ScheduleNotBalanceTriggered,
)
from domain.shared.catalogue import (
    AccountAccessDenied,
    AccountUserRequired,
    AuthorizationHeaderMissing,
    FieldDisabled,
    PermissionDenied,
    Unauthorized,
)


@strawberry.type
class PaymentsMutations:
    amend_payment = pending_mutation(
        args={"input": AmendPaymentInput},
        payload=AmendPayment | None,
        errors=(
            PaymentAmendmentAccessDenied,
            AccountAccessDenied,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Amend an existing payment.",
    )

    cancel_repayment_request = pending_mutation(
        args={"input": CancelRepaymentRequestInputType},
        payload=CancelRepaymentRequest | None,
        errors=(RepaymentRequestAccessDenied, RepaymentRequestNotFound, RepaymentNotCancellable, FieldDisabled),
        auth=False,
        description="Cancel a repayment or refund request.",
    )

    collect_payment = pending_mutation(
        args={"input": CollectPaymentInput},
        payload=CollectPayment | None,
        errors=(
            PaymentCollectionDataInvalid,
            LedgerIdAndNumberBothGiven,
            LedgerNotIdentified,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Attempt to collect a one-off payment. If an instruction type is provided and there is an existing payment instruction, the payment can be collected immediately. A request to collect a payment at a future date can also be made, in which case the instruction input type is not necessary, but an instruction must exist at the specified collection date for the payment to be collected successfully.",
    )

    create_account_payment_schedule = pending_mutation(
        args={"input": CreateAccountPaymentScheduleInput},
        payload=CreateAccountPaymentSchedule | None,
        errors=(
            Unauthorized,
            ActivePaymentScheduleNotFound,
            LedgerAccessDenied,
            PaymentScheduleAccessDenied,
            PaymentScheduleDataInvalid,
            PaymentScheduleSaveFailed,
            PaymentInstructionUnexpectedError,
            PaymentDayInvalid,
            PlanPaymentScheduleNotEditable,
            PaymentScheduleChangeMissing,
            FieldDisabled,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Replace an existing payment schedule with a new one that updates either the payment amount or payment day.",
    )

    create_credit_transfer_permission = pending_mutation(
        args={"input": CreateCreditTransferPermissionInput},
        payload=CreateCreditTransferPermission | None,
        errors=(
            LedgerAccessDenied,
            CreditTransferLedgerNotFound,
            CreditStorageLedgerRequired,
            CreditTransferPermissionExists,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Create a credit transfer permission.",
    )

    create_direct_debit_instruction_and_schedule = pending_mutation(
        args={"input": CreateDirectDebitInstructionAndScheduleInput},
        payload=CreateDirectDebitInstructionAndSchedule | None,
        errors=(
            AccountUserRequired,
            PaymentInstructionUnexpectedError,
            DirectDebitInstructionSetupFailed,
            DirectDebitScheduleDataInvalid,
            FuturePaymentScheduleExists,
            PaymentScheduleWithoutPayments,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Create direct debit payment instructions and schedule",
    )

    create_direct_debit_payment_schedule = pending_mutation(
        args={"input": CreateDirectDebitPaymentScheduleInput},
        payload=CreateDirectDebitPaymentSchedule | None,
        errors=(
            AccountUserRequired,
            PaymentScheduleInputInvalid,
            FuturePaymentScheduleExists,
            PaymentScheduleWithoutPayments,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Create direct debit payment schedule",
    )

    get_embedded_secret_for_new_payment_instruction = pending_mutation(
        args={"input": GetEmbeddedSecretForNewPaymentInstructionInput},
        payload=GetEmbeddedSecretForNewPaymentInstruction | None,
        errors=(
            PaymentAccountAccessDenied,
            LedgerAccessDenied,
            LedgerIdAndNumberBothGiven,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Get the client secret needed to create a new payment instruction using an embedded form.",
    )

    get_embedded_secret_for_new_payment_instruction_without_account = pending_mutation(
        args={"input": GetEmbeddedSecretForNewPaymentInstructionWithoutAccountInput},
        payload=GetEmbeddedSecretForNewPaymentInstructionWithoutAccount | None,
        errors=(),
        auth=False,
        description="Get the client secret needed to create a new payment instruction using an embedded form without tying it to a customer.",
    )

    get_hosted_url_for_new_payment_instruction = pending_mutation(
        args={"input": GetHostedUrlForNewPaymentInstructionInput},
        payload=GetHostedUrlForNewPaymentInstruction | None,
        errors=(AccountUserRequired, LedgerAccessDenied, FieldDisabled, Unauthorized, AuthorizationHeaderMissing),
        auth=True,
        description="Get the external URL where the user can set up a payment instruction.",
    )

    initiate_hosted_standalone_payment = pending_mutation(
        args={"input": InitiateHostedStandalonePaymentInput},
        payload=InitiateHostedStandalonePayment | None,
        errors=(
            AccountUserRequired,
            LedgerAccessDenied,
            PaymentLedgerNotFound,
            CollectionMethodMissing,
            HostedPaymentLedgerNotIdentified,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Initiate a standalone payment and return the url where the customer can complete it.",
    )

    initiate_standalone_payment = pending_mutation(
        args={"input": InitiateStandalonePaymentInput},
        payload=InitiateStandalonePayment | None,
        errors=(
            LedgerIdAndNumberBothGiven,
            PaymentAccountAccessDenied,
            LedgerAccessDenied,
            PaymentLedgerNotFound,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Initiate a standalone payment and return the client secret required to complete it.",
    )

    invalidate_payment_instruction = pending_mutation(
        args={"input": InvalidatePaymentInstructionInput},
        payload=InvalidatePaymentInstruction | None,
        errors=(PaymentInstructionAccessDenied, FieldDisabled, Unauthorized, AuthorizationHeaderMissing),
        auth=True,
        description="Invalidate an existing instruction.",
    )

    request_printed_bill = pending_mutation(
        args={"input": RequestPrintedBillInput},
        payload=RequestPrintedBill | None,
        errors=(PrintedBillAccessDenied, BillNotIssued, FieldDisabled, Unauthorized, AuthorizationHeaderMissing),
        auth=True,
        description="Request an issued bill to be printed and (re)posted to billing address of the account.",
    )

    set_up_direct_debit_instruction = pending_mutation(
        args={"input": SetUpDirectDebitInstructionInput},
        payload=SetUpDirectDebitInstruction | None,
        errors=(
            LedgerIdAndNumberBothGiven,
            LedgerNotIdentified,
            DirectDebitInstructionDataInvalid,
            DirectDebitAccountUserNotFound,
            DirectDebitBusinessNotFound,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Set up a new direct debit instruction.",
    )

    store_payment_instruction = pending_mutation(
        args={"input": StorePaymentInstructionInput},
        payload=StorePaymentInstruction | None,
        errors=(
            LedgerIdAndNumberBothGiven,
            PaymentAccountAccessDenied,
            LedgerAccessDenied,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Store a new payment instruction created through the embedded process.",
    )

    submit_repayment_request = pending_mutation(
        args={"input": RequestRepaymentInputType},
        payload=SubmitRepaymentRequest | None,
        errors=(
            PermissionDenied,
            LedgerIdAndNumberBothGiven,
            LedgerNotIdentified,
            RepaymentAmountInvalid,
            RepaymentIdempotencyKeyReused,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Submit a repayment request.",
    )

    terminate_credit_transfer_permission = pending_mutation(
        args={"input": TerminateCreditTransferPermissionInput},
        payload=TerminateCreditTransferPermission | None,
        errors=(
            LedgerAccessDenied,
            CreditTransferPermissionNotFound,
            CreditTransferLedgerNotFound,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Terminate credit transfer permission.",
    )

    update_auto_top_up_amount = pending_mutation(
        args={"input": UpdateAutoTopUpAmountInput},
        payload=UpdateAutoTopUpAmount | None,
        errors=(
            ActivePaymentScheduleNotFound,
            PaymentScheduleDataInvalid,
            PaymentScheduleSaveFailed,
            PaymentInstructionUnexpectedError,
            ScheduleNotBalanceTriggered,
            LedgerIdAndNumberBothGiven,
            LedgerNotIdentified,
            LedgerAccessDenied,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Change the auto top up amount for the payment schedule.",
    )

    update_payment_schedule = pending_mutation(
        args={"input": UpdatePaymentScheduleInput},
        payload=UpdatePaymentSchedule | None,
        errors=(
            AccountUserRequired,
            PaymentScheduleNotFound,
            PaymentScheduleSaveFailed,
            FieldDisabled,
            Unauthorized,
            AuthorizationHeaderMissing,
        ),
        auth=True,
        description="Update a payment schedule for an account.",
    )
