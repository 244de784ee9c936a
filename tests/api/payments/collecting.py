"""Test helpers for collections: instructions on file, as the instructions mutations store them."""

from __future__ import annotations

from datetime import timedelta

from domain.payments import commands
from domain.payments.payment_instruction import PaymentInstruction
from projections.contexts import Contexts


def direct_debit(contexts: Contexts, customer: dict[str, str], ledger: str) -> PaymentInstruction:
    """An active direct debit instruction on `ledger`, valid since yesterday."""
    return contexts.payments.set_up_direct_debit_instruction(
        commands.SetUpDirectDebitInstruction(
            account_number=customer["account_number"],
            valid_from=contexts.payments.clock.now() - timedelta(days=1),
            bank_details=commands.BankDetails(
                account_holder="Ada Lovelace", sort_code="20-00-00", account_number="55779911"
            ),
            account_user_id=customer["user_id"],
            ledger_number=ledger,
        )
    )
