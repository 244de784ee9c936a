"""Bills in the payments application (in memory): drafted, issued (charging the ledger once), and
printed on request, each print request recorded printed once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.payments import commands
from domain.payments.application import Payments
from domain.payments.billing_document import BillingDocument, BillRefused
from domain.payments.errors import AmountInvalid, BillNotIssued, LedgerNotFound, PrintedBillAccessDenied
from domain.payments.ledger import Ledger
from domain.shared.clock import FrozenClock

ACCOUNT, OTHER, LEDGER = "A-ABCD2345", "A-WXYZ6789", "L-ABCD2345"
NOW = datetime(2026, 5, 1, 9, tzinfo=UTC)


@pytest.fixture
def payments() -> Payments:
    app = Payments({"PERSISTENCE_MODULE": "eventsourcing.popo"}, FrozenClock(NOW))
    app.save(Ledger.open(ACCOUNT, NOW), Ledger.open(OTHER, NOW))
    return app


def draft(payments: Payments, amount: int = 4321, account_number: str = ACCOUNT) -> str:
    command = commands.DraftBill(account_number=account_number, amount=amount, description="Electricity")
    return str(payments.draft_bill(command).number)


def ask(payments: Payments, bill_id: str, account_number: str = ACCOUNT) -> str:
    command = commands.RequestPrintedBill(account_number=account_number, billing_document_id=bill_id)
    return payments.request_printed_bill(command)


def test_issuing_a_bill_charges_its_ledger_once_in_the_same_save(payments: Payments) -> None:
    bill_id = draft(payments)
    assert payments.ledger(LEDGER).balance == 0  # type: ignore[union-attr]
    payments.issue_bill(bill_id)
    with pytest.raises(BillRefused):
        payments.issue_bill(bill_id)
    charges = [e for e in payments.repository.event_store.get(Ledger.id_for(LEDGER)) if isinstance(e, Ledger.Posted)]
    assert [(e.kind, e.amount, e.source) for e in charges] == [("CHARGE", -4321, f"bill:{bill_id}")]


@pytest.mark.parametrize("amount", [0, -1])
def test_a_bill_charges_a_positive_amount(payments: Payments, amount: int) -> None:
    with pytest.raises(AmountInvalid):
        draft(payments, amount)


def test_a_bill_needs_a_ledger_of_the_account(payments: Payments) -> None:
    with pytest.raises(LedgerNotFound):
        payments.draft_bill(
            commands.DraftBill(account_number=ACCOUNT, amount=1, description="x", ledger_number="L-WXYZ6789")
        )
    with pytest.raises(BillRefused):
        payments.issue_bill("1234567")


def test_only_an_issued_bill_of_the_account_is_printed(payments: Payments) -> None:
    bill_id = draft(payments)
    with pytest.raises(BillNotIssued):
        ask(payments, bill_id)
    payments.issue_bill(bill_id)
    with pytest.raises(PrintedBillAccessDenied):
        ask(payments, bill_id, account_number=OTHER)
    with pytest.raises(PrintedBillAccessDenied):
        ask(payments, "999999999")
    assert ask(payments, bill_id) == f"{bill_id}-1"
    assert ask(payments, bill_id) == f"{bill_id}-2"


def test_each_print_request_is_printed_once(payments: Payments) -> None:
    bill_id = draft(payments)
    payments.issue_bill(bill_id)
    request_id = ask(payments, bill_id)
    printable = payments.printable_bill(bill_id, request_id)
    assert printable is not None and (printable.amount, printable.issued_at) == (4321, NOW)
    assert payments.printable_bill(bill_id, "nope") is None
    assert payments.record_bill_printed(bill_id, request_id, "var/print-queue/x.txt")
    assert not payments.record_bill_printed(bill_id, request_id, "var/print-queue/x.txt")
    assert payments.printable_bill(bill_id, request_id) is None
    events = payments.repository.event_store.get(BillingDocument.id_for(int(bill_id)))
    assert [type(e).__name__ for e in events] == ["Drafted", "Issued", "PrintRequested", "Printed"]
