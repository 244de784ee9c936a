"""The BillingDocument aggregate: a bill drafted for a ledger, issued (charging the ledger), and printed on request.

Its story: Drafted; Issued (the ledger's CHARGE entry is in the same save); then any number of
PrintRequested, each followed by Printed once the print worker has put it in the print queue.
Each print request has its own id (`<bill id>-<n>`), so a redelivered print message is
recognised and a customer asking again gets a second copy.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.payments.errors import BillNotIssued
from domain.payments.identifiers import entity_id


class BillRefused(ValueError):
    """An operator's bill command that does not apply (no such bill, or issued already).

    Only an operator drafts and issues bills (kraken bill), so no client ever sees it; ops/ reports it.
    """


class BillingDocument(Aggregate):
    KIND = "bill"

    @classmethod
    def id_for(cls, number: int) -> UUID:
        return entity_id(cls.KIND, number)

    @classmethod
    def draft(
        cls, number: int, account_number: str, ledger_number: str, amount: int, description: str, drafted_at: datetime
    ) -> BillingDocument:
        return cls._create(
            cls.Drafted,
            id=cls.id_for(number),
            number=number,
            account_number=account_number,
            ledger_number=ledger_number,
            amount=amount,
            description=description,
            drafted_at=drafted_at,
        )

    class Drafted(Aggregate.Created):
        number: int
        account_number: str
        ledger_number: str
        amount: int
        description: str
        drafted_at: datetime

    @event(Drafted)
    def __init__(
        self, number: int, account_number: str, ledger_number: str, amount: int, description: str, drafted_at: datetime
    ) -> None:
        self.number = number
        self.account_number = account_number
        self.ledger_number = ledger_number
        self.amount = amount
        self.description = description
        self.drafted_at = drafted_at
        self.issued_at: datetime | None = None
        self.print_requests: list[str] = []
        self.printed: dict[str, datetime] = {}

    class Issued(Aggregate.Event):
        issued_at: datetime

    def issue(self, issued_at: datetime) -> None:
        if self.issued_at is not None:
            raise BillRefused(f"Billing document {self.number} was issued at {self.issued_at}.")
        self._issue(issued_at=issued_at)

    @event(Issued)
    def _issue(self, issued_at: datetime) -> None:
        self.issued_at = issued_at

    def next_print_request_id(self) -> str:
        return f"{self.number}-{len(self.print_requests) + 1}"

    class PrintRequested(Aggregate.Event):
        # The bill's number travels with the event: the print worker is told which bill to print.
        number: int
        print_request_id: str
        requested_at: datetime

    def request_print(self, print_request_id: str, requested_at: datetime) -> None:
        if self.issued_at is None:
            raise BillNotIssued(f"Billing document {self.number} is still a draft.")
        self._request_print(number=self.number, print_request_id=print_request_id, requested_at=requested_at)

    @event(PrintRequested)
    def _request_print(self, number: int, print_request_id: str, requested_at: datetime) -> None:
        self.print_requests.append(print_request_id)

    class Printed(Aggregate.Event):
        print_request_id: str
        printed_at: datetime
        spool_file: str

    def record_printed(self, print_request_id: str, printed_at: datetime, spool_file: str) -> bool:
        """Records a print request's print once; False for an unknown or already printed one."""
        if print_request_id not in self.print_requests or print_request_id in self.printed:
            return False
        self._record_printed(print_request_id=print_request_id, printed_at=printed_at, spool_file=spool_file)
        return True

    @event(Printed)
    def _record_printed(self, print_request_id: str, printed_at: datetime, spool_file: str) -> None:
        self.printed[print_request_id] = printed_at
