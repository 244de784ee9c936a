"""The payments context's mutations about payment instructions: card (embedded form or hosted page) and direct debit."""

from __future__ import annotations

from urllib.parse import quote

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.payments.inputs import (
    BankDetailsInput,
    GetEmbeddedSecretForNewPaymentInstructionInput,
    GetEmbeddedSecretForNewPaymentInstructionWithoutAccountInput,
    GetHostedUrlForNewPaymentInstructionInput,
    InvalidatePaymentInstructionInput,
    SetUpDirectDebitInstructionInput,
    StorePaymentInstructionInput,
    given,
)
from api.payments.types import (
    DirectDebitInstructionType,
    GetEmbeddedSecretForNewPaymentInstruction,
    GetEmbeddedSecretForNewPaymentInstructionWithoutAccount,
    GetHostedUrlForNewPaymentInstruction,
    InvalidatePaymentInstruction,
    InvalidatePaymentInstructionOutput,
    PaymentInstructionType,
    SetUpDirectDebitInstruction,
    StorePaymentInstruction,
)
from domain.identity.user import User
from domain.payments import commands
from domain.payments.errors import (
    DirectDebitAccountUserNotFound,
    DirectDebitBusinessNotFound,
    DirectDebitInstructionDataInvalid,
    LedgerAccessDenied,
    LedgerIdAndNumberBothGiven,
    LedgerNotIdentified,
    PaymentAccountAccessDenied,
    PaymentInstructionAccessDenied,
)
from domain.payments.payment_instruction import PaymentInstruction
from domain.shared.catalogue import (
    AccountAccessDenied,
    AccountUserRequired,
    InputInvalid,
    Unauthorized,
)

# Where the hosted set-up page lives, under the server's public URL; the token is its only key.
HOSTED_SETUP_PATH = "/payments/instructions/setup/"


def _masked(instruction: PaymentInstruction) -> str | None:
    return f"****{instruction.bank_account_number[-4:]}" if instruction.bank_account_number else None


def payment_instruction(instruction: PaymentInstruction) -> PaymentInstructionType:
    """An instruction as Kraken shows it; card numbers stay with the provider (only its reference is kept)."""
    return PaymentInstructionType(
        id=strawberry.ID(str(instruction.number)),
        status=instruction.status.value,
        sort_code=instruction.sort_code,
        iban=instruction.iban,
        account_holder=instruction.account_holder,
        instruction_type=instruction.instruction_type.value,
        valid_from=instruction.valid_from,
        vendor=instruction.vendor,
        card_number="",
        bank_code=instruction.sort_code or None,
        masked_account_identifier=_masked(instruction),
    )


def direct_debit_instruction(instruction: PaymentInstruction) -> DirectDebitInstructionType:
    return DirectDebitInstructionType(
        id=strawberry.ID(str(instruction.number)),
        status=instruction.status.value,
        sort_code=instruction.sort_code,
        iban=instruction.iban,
        account_holder=instruction.account_holder,
        instruction_type=instruction.instruction_type.value,
        last_four_digits_of_account_number=instruction.bank_account_number[-4:] or None,
        masked_account_identifier=_masked(instruction),
        masked_iban=f"{instruction.iban[:4]}{'*' * (len(instruction.iban) - 8)}{instruction.iban[-4:]}"
        if instruction.iban
        else None,
    )


def bank_details(details: BankDetailsInput, holder: str) -> commands.BankDetails:
    """Kraken's BankDetailsInput as a UK bank account: bankCode is the sort code (branchCode is
    taken for it when bankCode is absent, as some clients send it there); an IBAN may replace both."""
    return commands.BankDetails(
        account_holder=given(details.account_holder) or holder,
        sort_code=given(details.bank_code) or given(details.branch_code) or "",
        account_number=given(details.account_number) or "",
        iban=given(details.iban) or "",
        account_type=given(details.account_type) or "",
    )


@strawberry.type
class InstructionMutations:
    @kraken_mutation(
        errors=(
            PaymentAccountAccessDenied,
            LedgerAccessDenied,
            LedgerIdAndNumberBothGiven,
        ),
        auth=True,
        codes={AccountAccessDenied: PaymentAccountAccessDenied},
        # Its seed's only validation code (3820) says both ledger ID and number were given.
        invalid=InputInvalid,
        description="Get the client secret needed to create a new payment instruction using an embedded form.",
    )
    async def get_embedded_secret_for_new_payment_instruction(
        self, info: strawberry.Info[RequestContext, None], input: GetEmbeddedSecretForNewPaymentInstructionInput
    ) -> GetEmbeddedSecretForNewPaymentInstruction | None:
        number = info.context.account_number(input.account_number)
        command = commands.GetEmbeddedSecretForNewPaymentInstruction(
            account_number=number,
            instruction_type=input.instruction_type.value,
            ledger_id=given(input.ledger_id),
            ledger_number=given(input.ledger_number),
        )
        payments = info.context.contexts.payments
        secret = await info.context.call(payments.get_embedded_secret_for_new_payment_instruction, command)
        return GetEmbeddedSecretForNewPaymentInstruction(secret_key=secret)

    # Anonymous on purpose: the seed lists no 1111/1112 for it, and it serves a checkout that runs
    # before the customer has an account or a login (the secret is tied to no account or ledger).
    @kraken_mutation(
        errors=(),
        auth=False,
        description="Get the client secret needed to create a new payment instruction using an embedded form without tying it to a customer.",
    )
    async def get_embedded_secret_for_new_payment_instruction_without_account(
        self,
        info: strawberry.Info[RequestContext, None],
        input: GetEmbeddedSecretForNewPaymentInstructionWithoutAccountInput,
    ) -> GetEmbeddedSecretForNewPaymentInstructionWithoutAccount | None:
        command = commands.GetEmbeddedSecretForNewPaymentInstructionWithoutAccount(
            instruction_type=input.instruction_type.value
        )
        payments = info.context.contexts.payments
        secret = await info.context.call(
            payments.get_embedded_secret_for_new_payment_instruction_without_account, command
        )
        return GetEmbeddedSecretForNewPaymentInstructionWithoutAccount(secret_key=secret)

    @kraken_mutation(
        errors=(AccountUserRequired, LedgerAccessDenied),
        auth=True,
        codes={AccountAccessDenied: LedgerAccessDenied},
        # The seed lists no validation code for it: Kraken's generic one.
        invalid=InputInvalid,
        description="Get the external URL where the user can set up a payment instruction.",
    )
    async def get_hosted_url_for_new_payment_instruction(
        self, info: strawberry.Info[RequestContext, None], input: GetHostedUrlForNewPaymentInstructionInput
    ) -> GetHostedUrlForNewPaymentInstruction | None:
        # The hosted page is where the customer themself enters their details: a user's token only.
        info.context.viewer()
        number = info.context.account_number(input.account_number)
        command = commands.GetHostedUrlForNewPaymentInstruction(
            account_number=number,
            ledger_number=input.ledger_number,
            instruction_type=input.instruction_type.value,
            return_url_success=given(input.return_url_success) or "",
            return_url_failure=given(input.return_url_failure) or "",
            return_url_error=given(input.return_url_error) or "",
            return_url_cancel=given(input.return_url_cancel) or "",
        )
        token = await info.context.call(
            info.context.contexts.payments.get_hosted_url_for_new_payment_instruction, command
        )
        base = info.context.settings.public_url.rstrip("/")
        return GetHostedUrlForNewPaymentInstruction(url=f"{base}{HOSTED_SETUP_PATH}{quote(token)}")

    @kraken_mutation(
        errors=(
            LedgerIdAndNumberBothGiven,
            PaymentAccountAccessDenied,
            LedgerAccessDenied,
        ),
        auth=True,
        codes={AccountAccessDenied: PaymentAccountAccessDenied},
        # Its seed's only validation code (3820) says both ledger ID and number were given.
        invalid=InputInvalid,
        description="Store a new payment instruction created through the embedded process.",
    )
    async def store_payment_instruction(
        self, info: strawberry.Info[RequestContext, None], input: StorePaymentInstructionInput
    ) -> StorePaymentInstruction | None:
        number = info.context.account_number(input.account_number)
        command = commands.StorePaymentInstruction(
            account_number=number,
            instruction_type=input.instruction_type.value,
            valid_from=input.valid_from,
            vendor_reference=input.vendor_reference,
            ledger_id=given(input.ledger_id),
            ledger_number=given(input.ledger_number),
        )
        stored = await info.context.call(info.context.contexts.payments.store_payment_instruction, command)
        return StorePaymentInstruction(payment_instruction=payment_instruction(stored))

    @kraken_mutation(
        errors=(PaymentInstructionAccessDenied,),
        auth=True,
        codes={AccountAccessDenied: PaymentInstructionAccessDenied},
        # The seed lists no validation code for it: Kraken's generic one.
        invalid=InputInvalid,
        description="Invalidate an existing instruction.",
    )
    async def invalidate_payment_instruction(
        self, info: strawberry.Info[RequestContext, None], input: InvalidatePaymentInstructionInput
    ) -> InvalidatePaymentInstruction | None:
        number = info.context.account_number(input.account_number)
        command = commands.InvalidatePaymentInstruction(account_number=number, instruction_id=input.id)
        invalidated = await info.context.call(info.context.contexts.payments.invalidate_payment_instruction, command)
        return InvalidatePaymentInstruction(instruction=InvalidatePaymentInstructionOutput(id=invalidated.number))

    @kraken_mutation(
        errors=(
            LedgerIdAndNumberBothGiven,
            LedgerNotIdentified,
            DirectDebitInstructionDataInvalid,
            DirectDebitAccountUserNotFound,
            DirectDebitBusinessNotFound,
        ),
        auth=True,
        codes={AccountAccessDenied: Unauthorized},
        invalid=DirectDebitInstructionDataInvalid,
        description="Set up a new direct debit instruction.",
    )
    async def set_up_direct_debit_instruction(
        self, info: strawberry.Info[RequestContext, None], input: SetUpDirectDebitInstructionInput
    ) -> SetUpDirectDebitInstruction | None:
        # The seed lists no account-access code: another account's is 1111. An organisation may
        # set one up for an account; the mandate is then held by the account's user (KT-CT-5415).
        number = info.context.account_number(input.account_number)
        holder_id, holder_name = await _mandate_holder(info.context, number)
        command = commands.SetUpDirectDebitInstruction(
            account_number=number,
            valid_from=input.valid_from,
            bank_details=bank_details(input.bank_details, holder_name),
            account_user_id=holder_id,
            ledger_id=given(input.ledger_id),
            ledger_number=given(input.ledger_number),
        )
        instruction = await info.context.call(info.context.contexts.payments.set_up_direct_debit_instruction, command)
        return SetUpDirectDebitInstruction(payment_instruction=direct_debit_instruction(instruction))


async def _mandate_holder(context: RequestContext, account_number: str) -> tuple[str | None, str]:
    """Who holds a new mandate: the user asking, or, for an organisation, the account's first user."""
    viewer = context.acting.viewer
    if isinstance(viewer, User):
        return str(viewer.id), f"{viewer.given_name} {viewer.family_name}"
    users = await context.call(context.contexts.read.account_users.users_of, account_number)
    if not users:
        return None, ""
    return users[0]["id"], f"{users[0]['given_name']} {users[0]['family_name']}"
