"""The print actor: rendering a bill a customer asked to have posted, and putting it in the print queue.

The print queue is a spool directory (KRAKEN_PRINT_QUEUE_DIR, default <data_dir>/print-queue) that
the print room's software collects from: one file per print request, `<print request id>.txt`,
written to a temporary name and then linked into place, so that the collector never sees half a
bill and a redelivered message never queues a second copy. Once queued, Printed is recorded by
a command, so it is an event too; a redelivery after that finds nothing to print.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

import dramatiq

import workers.broker  # noqa: F401  (sets the broker before the actors below bind to it)
from domain.payments.bill_commands import PrintableBill
from settings import Settings
from workers import runtime

log = logging.getLogger(__name__)


def print_queue_dir(settings: Settings) -> Path:
    return Path(settings.print_queue_dir or Path(settings.data_dir) / "print-queue")


def render(bill: PrintableBill) -> str:
    """The bill as the printer gets it: plain text, amounts in pounds and pence."""
    pounds, pence = divmod(bill.amount, 100)
    return (
        f"BILL {bill.bill_id}\n"
        f"Account:     {bill.account_number}\n"
        f"Ledger:      {bill.ledger_number}\n"
        f"Issued:      {bill.issued_at.date().isoformat()}\n"
        "\n"
        f"{bill.description}\n"
        "\n"
        f"Amount due:  {pounds:,}.{pence:02d} {bill.currency}\n"
        "\n"
        f"Print request {bill.print_request_id}\n"
    )


class PrintQueue:
    """A spool directory: each document is queued once, whole, under its own name."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def put(self, name: str, content: str) -> Path:
        """Queues `content` as `name` unless a document of that name is queued already."""
        self.directory.mkdir(parents=True, exist_ok=True)
        target = self.directory / name
        # A dot-name the collector ignores; fsynced before it becomes visible under `name`.
        fd, temporary = tempfile.mkstemp(prefix=f".{name}.", dir=self.directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(content)
                f.flush()
                os.fsync(f.fileno())
            try:
                # link() refuses an existing name, where rename() would replace it: never two copies.
                os.link(temporary, target)
            except FileExistsError:
                log.info("print queue: %s is queued already", name)
        finally:
            os.unlink(temporary)
        return target


@dramatiq.actor(queue_name="printing", max_retries=8, min_backoff=10_000, max_backoff=600_000)
def print_bill(bill_id: str, print_request_id: str) -> None:
    """Puts a requested bill in the print queue once, then records that it was printed."""
    payments = runtime.contexts().payments
    bill = payments.printable_bill(bill_id, print_request_id)
    if bill is None:
        log.info("bill %s: print request %s has nothing to print", bill_id, print_request_id)
        return
    queued = PrintQueue(print_queue_dir(runtime.settings())).put(f"{print_request_id}.txt", render(bill))
    payments.record_bill_printed(bill_id, print_request_id, str(queued))
    log.info("bill %s: print request %s queued as %s", bill_id, print_request_id, queued)
