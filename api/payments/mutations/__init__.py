"""The payments context's mutations, one module each, merged in the wire contract's order."""

from __future__ import annotations

from strawberry.tools import merge_types

from api.payments.mutations.amend_payment import AmendPaymentMutation
from api.payments.mutations.cancel_repayment_request import CancelRepaymentRequestMutation
from api.payments.mutations.collect_payment import CollectPaymentMutation
from api.payments.mutations.create_account_payment_schedule import CreateAccountPaymentScheduleMutation
from api.payments.mutations.create_credit_transfer_permission import CreateCreditTransferPermissionMutation
from api.payments.mutations.create_direct_debit_instruction_and_schedule import (
    CreateDirectDebitInstructionAndScheduleMutation,
)
from api.payments.mutations.create_direct_debit_payment_schedule import CreateDirectDebitPaymentScheduleMutation
from api.payments.mutations.get_embedded_secret_for_new_payment_instruction import (
    GetEmbeddedSecretForNewPaymentInstructionMutation,
)
from api.payments.mutations.get_embedded_secret_for_new_payment_instruction_without_account import (
    GetEmbeddedSecretForNewPaymentInstructionWithoutAccountMutation,
)
from api.payments.mutations.get_hosted_url_for_new_payment_instruction import (
    GetHostedUrlForNewPaymentInstructionMutation,
)
from api.payments.mutations.initiate_hosted_standalone_payment import InitiateHostedStandalonePaymentMutation
from api.payments.mutations.initiate_standalone_payment import InitiateStandalonePaymentMutation
from api.payments.mutations.invalidate_payment_instruction import InvalidatePaymentInstructionMutation
from api.payments.mutations.request_printed_bill import RequestPrintedBillMutation
from api.payments.mutations.set_up_direct_debit_instruction import SetUpDirectDebitInstructionMutation
from api.payments.mutations.store_payment_instruction import StorePaymentInstructionMutation
from api.payments.mutations.submit_repayment_request import SubmitRepaymentRequestMutation
from api.payments.mutations.terminate_credit_transfer_permission import TerminateCreditTransferPermissionMutation
from api.payments.mutations.update_auto_top_up_amount import UpdateAutoTopUpAmountMutation
from api.payments.mutations.update_payment_schedule import UpdatePaymentScheduleMutation

PaymentsMutations = merge_types(
    "PaymentsMutations",
    (
        GetEmbeddedSecretForNewPaymentInstructionMutation,
        GetEmbeddedSecretForNewPaymentInstructionWithoutAccountMutation,
        GetHostedUrlForNewPaymentInstructionMutation,
        StorePaymentInstructionMutation,
        InvalidatePaymentInstructionMutation,
        SetUpDirectDebitInstructionMutation,
        CreateAccountPaymentScheduleMutation,
        CreateDirectDebitInstructionAndScheduleMutation,
        CreateDirectDebitPaymentScheduleMutation,
        UpdatePaymentScheduleMutation,
        UpdateAutoTopUpAmountMutation,
        CollectPaymentMutation,
        AmendPaymentMutation,
        InitiateStandalonePaymentMutation,
        InitiateHostedStandalonePaymentMutation,
        SubmitRepaymentRequestMutation,
        CancelRepaymentRequestMutation,
        CreateCreditTransferPermissionMutation,
        TerminateCreditTransferPermissionMutation,
        RequestPrintedBillMutation,
    ),
)
