"""setUpDirectDebitInstruction: a new direct debit instruction from the customer's bank details."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.mutation import kraken_mutation
from api.payments.inputs import (
    BankDetailsInput,
    SetUpDirectDebitInstructionInput,
    given,
)
from api.payments.types import (
    DirectDebitInstructionType,
    SetUpDirectDebitInstruction,
)
from domain.identity.user import User
from domain.payments import commands
from domain.payments.errors import (
    DirectDebitAccountUserNotFound,
    DirectDebitBusinessNotFound,
    DirectDebitInstructionDataInvalid,
    LedgerAccessDenied,
    LedgerIdAndNumberBothGiven,
    LedgerNotFound,
    LedgerNotIdentified,
)
from domain.shared.catalogue import (
    AccountAccessDenied,
    Unauthorized,
)


@strawberry.type
class SetUpDirectDebitInstructionMutation:
    @kraken_mutation(
        errors=(
            LedgerIdAndNumberBothGiven,
            LedgerNotIdentified,
            DirectDebitInstructionDataInvalid,
            DirectDebitAccountUserNotFound,
            DirectDebitBusinessNotFound,
        ),
        auth=True,
        codes={
            AccountAccessDenied: Unauthorized,
            LedgerNotFound: DirectDebitInstructionDataInvalid,
            LedgerAccessDenied: DirectDebitInstructionDataInvalid,
        },
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
            bank_details=_bank_details(input.bank_details, holder_name),
            account_user_id=holder_id,
            ledger_id=given(input.ledger_id),
            ledger_number=given(input.ledger_number),
        )
        instruction = await info.context.call(info.context.contexts.payments.set_up_direct_debit_instruction, command)
        return SetUpDirectDebitInstruction(payment_instruction=DirectDebitInstructionType.of(instruction))


def _bank_details(details: BankDetailsInput, holder: str) -> commands.BankDetails:
    """Kraken's BankDetailsInput as a UK bank account: bankCode is the sort code (branchCode is
    taken for it when bankCode is absent, as some clients send it there); an IBAN may replace both."""
    return commands.BankDetails(
        account_holder=given(details.account_holder) or holder,
        sort_code=given(details.bank_code) or given(details.branch_code) or "",
        account_number=given(details.account_number) or "",
        iban=given(details.iban) or "",
        account_type=given(details.account_type) or "",
    )


async def _mandate_holder(context: RequestContext, account_number: str) -> tuple[str | None, str]:
    """Who holds a new mandate: the user asking, or, for an organisation, the account's first user."""
    viewer = context.acting.viewer
    if isinstance(viewer, User):
        return str(viewer.id), f"{viewer.given_name} {viewer.family_name}"
    users = await context.call(context.contexts.read.account_users.users_of, account_number)
    if not users:
        return None, ""
    return users[0]["id"], f"{users[0]['given_name']} {users[0]['family_name']}"
