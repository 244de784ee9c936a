"""The print actor: a requested bill is rendered and queued once per print request, then recorded printed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from domain.payments import commands
from domain.payments.billing_document import BillingDocument
from domain.payments.ledger import main_ledger_number
from projections.contexts import Contexts
from settings import Settings
from workers.payments.printing import PrintQueue, print_bill, print_queue_dir


@pytest.fixture
def bill_id(contexts: Contexts, customer: dict[str, str], catch_up: Callable[[], int]) -> str:
    """An issued bill of £1,234.56 on Ada's main ledger."""
    catch_up()
    draft = commands.DraftBill(account_number=customer["account_number"], amount=123_456, description="Gas, Q4")
    number = str(contexts.payments.draft_bill(draft).number)
    contexts.payments.issue_bill(number)
    return number


def ask_for_print(contexts: Contexts, customer: dict[str, str], bill_id: str) -> str:
    command = commands.RequestPrintedBill(account_number=customer["account_number"], billing_document_id=bill_id)
    return contexts.payments.request_printed_bill(command)


def test_a_requested_bill_is_queued_as_text_and_recorded_printed(
    backend: str,
    settings: Settings,
    contexts: Contexts,
    customer: dict[str, str],
    bill_id: str,
    catch_up: Callable[[], int],
) -> None:
    # when
    request_id = ask_for_print(contexts, customer, bill_id)
    catch_up()
    # then
    queued = print_queue_dir(settings) / f"{request_id}.txt"
    text = queued.read_text()
    assert f"BILL {bill_id}" in text and customer["account_number"] in text
    assert "Amount due:  1,234.56 GBP" in text and "Gas, Q4" in text
    events = list(contexts.payments.repository.event_store.get(BillingDocument.id_for(int(bill_id))))
    assert [type(e).__name__ for e in events] == ["Drafted", "Issued", "PrintRequested", "Printed"]
    assert events[-1].spool_file == str(queued)
    assert [p.name for p in print_queue_dir(settings).iterdir()] == [queued.name]


def test_a_redelivered_message_prints_nothing_more(
    settings: Settings, contexts: Contexts, customer: dict[str, str], bill_id: str, catch_up: Callable[[], int]
) -> None:
    request_id = ask_for_print(contexts, customer, bill_id)
    catch_up()
    # when the same message comes again
    print_bill.fn(bill_id, request_id)
    # then
    events = list(contexts.payments.repository.event_store.get(BillingDocument.id_for(int(bill_id))))
    assert [type(e).__name__ for e in events].count("Printed") == 1
    assert len(list(print_queue_dir(settings).iterdir())) == 1


def test_each_request_is_a_copy_of_its_own(
    settings: Settings, contexts: Contexts, customer: dict[str, str], bill_id: str, catch_up: Callable[[], int]
) -> None:
    ask_for_print(contexts, customer, bill_id)
    ask_for_print(contexts, customer, bill_id)
    catch_up()
    assert sorted(p.name for p in print_queue_dir(settings).iterdir()) == [f"{bill_id}-1.txt", f"{bill_id}-2.txt"]


def test_the_queue_never_replaces_a_queued_document(tmp_path: Path) -> None:
    queue = PrintQueue(tmp_path / "spool")
    first = queue.put("42-1.txt", "first")
    again = queue.put("42-1.txt", "second")
    assert first == again and first.read_text() == "first"
    # and leaves no temporary files behind
    assert [p.name for p in (tmp_path / "spool").iterdir()] == ["42-1.txt"]


def test_an_issued_bill_charges_its_ledger_once(contexts: Contexts, customer: dict[str, str], bill_id: str) -> None:
    ledger = contexts.payments.ledger(main_ledger_number(customer["account_number"]))
    assert ledger is not None and ledger.balance == -123_456
