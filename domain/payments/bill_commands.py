"""Bills: operators draft and issue billing documents (issuing charges the ledger), customers ask
for an issued bill to be printed and posted, and the print worker records that it was printed.

The operators' commands refuse a ledger that is not the account's (LedgerNotFound), an amount
outside the money limits (AmountInvalid) and a charge beyond the ledger's limit (LedgerLimitExceeded);
BillRefused, for a bill that does not exist or was issued already, only ever reaches an operator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.payments import commands
from domain.payments.billing_document import BillingDocument, BillRefused
from domain.payments.errors import LedgerNotFound, PrintedBillAccessDenied
from domain.payments.identifiers import new_number, parse_number
from domain.payments.ledger import CURRENCY, EntryKind, Ledger, main_ledger_number
from domain.payments.lookups import PaymentsLookups

BILL_REASON = "BILL"


@dataclass(frozen=True, slots=True)
class PrintableBill:
    """What the print worker renders for one print request."""

    print_request_id: str
    bill_id: str
    account_number: str
    ledger_number: str
    amount: int
    currency: str
    description: str
    issued_at: datetime


class BillCommands(PaymentsLookups):
    # Operators' commands (kraken bill draft|issue) ------------------------------------------------

    def draft_bill(self, command: commands.DraftBill) -> BillingDocument:
        def decide() -> tuple[BillingDocument, list[Any]]:
            number = command.ledger_number or main_ledger_number(command.account_number)
            ledger = self.ledger(number)
            if ledger is None or ledger.account_number != command.account_number:
                raise LedgerNotFound(f"No ledger {number} on account {command.account_number}.")
            self.limits.check(command.amount)
            # A number already taken makes the save conflict, and the retry draws another one.
            bill = BillingDocument.draft(
                new_number(),
                ledger.account_number,
                ledger.number,
                command.amount,
                command.description,
                self.clock.now(),
            )
            return bill, [bill]

        return self.decide(decide)

    def issue_bill(self, bill_id: str) -> BillingDocument:
        def decide() -> tuple[BillingDocument, list[Any]]:
            bill: BillingDocument | None = self.entity(BillingDocument.KIND, parse_number(bill_id))
            if bill is None:
                raise BillRefused(f"No billing document {bill_id}.")
            now = self.clock.now()
            bill.issue(issued_at=now)  # refused first if it was issued already
            # Drafted before the limits existed, or before an operator lowered them.
            self.limits.check(bill.amount)
            ledger: Ledger = self.load(Ledger.id_for(bill.ledger_number))
            limit = self.limits.ledger_balance
            ledger.post(EntryKind.CHARGE, -bill.amount, BILL_REASON, f"bill:{bill.number}", now, limit=limit)
            return bill, [bill, ledger]

        return self.decide(decide)

    # Customers' command (requestPrintedBill) ------------------------------------------------------

    def request_printed_bill(self, command: commands.RequestPrintedBill) -> str:
        """Records a print request for an issued bill of the account; returns the print request's id."""

        def decide() -> tuple[str, list[Any]]:
            bill: BillingDocument | None = self.entity(BillingDocument.KIND, parse_number(command.billing_document_id))
            # Unknown and another account's documents are refused alike: ids are not to be probed.
            if bill is None or bill.account_number != command.account_number:
                raise PrintedBillAccessDenied(
                    f"No billing document {command.billing_document_id} on account {command.account_number}."
                )
            print_request_id = bill.next_print_request_id()
            bill.request_print(print_request_id=print_request_id, requested_at=self.clock.now())
            return print_request_id, [bill]

        return self.decide(decide)

    # The print worker's commands ------------------------------------------------------------------

    def printable_bill(self, bill_id: str, print_request_id: str) -> PrintableBill | None:
        """The bill to print for that request; None if it is unknown or was printed already."""
        bill: BillingDocument | None = self.entity(BillingDocument.KIND, parse_number(bill_id))
        if bill is None or bill.issued_at is None or print_request_id not in bill.print_requests:
            return None
        if print_request_id in bill.printed:
            return None
        return PrintableBill(
            print_request_id=print_request_id,
            bill_id=str(bill.number),
            account_number=bill.account_number,
            ledger_number=bill.ledger_number,
            amount=bill.amount,
            currency=CURRENCY,
            description=bill.description,
            issued_at=bill.issued_at,
        )

    def record_bill_printed(self, bill_id: str, print_request_id: str, spool_file: str) -> bool:
        """Records the print once; False if it was recorded already (a redelivered message)."""

        def decide() -> tuple[bool, list[Any]]:
            bill: BillingDocument | None = self.entity(BillingDocument.KIND, parse_number(bill_id))
            if bill is None:
                return False, []
            recorded = bill.record_printed(print_request_id, printed_at=self.clock.now(), spool_file=spool_file)
            return recorded, [bill] if recorded else []

        return self.decide(decide)

    def billing_document(self, bill_id: str) -> BillingDocument | None:
        found: BillingDocument | None = self.entity(BillingDocument.KIND, parse_number(bill_id))
        return found
