"""Payment instructions as a customer may see them (answers `account { directDebitInstructions }`).

The payments events carry a direct debit's full bank account number and IBAN (collections need
them; the store encrypts them at rest). This read model is not encrypted and is read by queries
only, so it keeps what Kraken shows of an instruction and no more: the last four digits of the
account number and a masked IBAN, never the whole of either.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.payments.payment_instruction import InstructionStatus, PaymentInstruction
from projections.pages import Listing, Page, Window
from projections.projection import Projection
from projections.store import Cursor, ReadStore

_COLUMNS = (
    "number",
    "account_number",
    "ledger_number",
    "instruction_type",
    "status",
    "vendor",
    "account_holder",
    "sort_code",
    "last_four",
    "masked_iban",
    "valid_from",
    "stored_at",
)


def utc_text(at: datetime) -> str:
    """A moment as fixed-width UTC text: compared as text, it compares as a time."""
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def masked_iban(iban: str) -> str | None:
    """The country, check digits and last four characters of an IBAN; the rest starred."""
    return f"{iban[:4]}{'*' * (len(iban) - 8)}{iban[-4:]}" if iban else None


class InstructionsProjection(Projection):
    name = "payment_instructions"
    upstream = "payments"
    topics = (get_topic(PaymentInstruction.Stored), get_topic(PaymentInstruction.Invalidated))
    tables = ("payment_instructions",)

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS payment_instructions (number BIGINT PRIMARY KEY, "
            "aggregate_id TEXT NOT NULL UNIQUE, account_number TEXT NOT NULL, ledger_number TEXT NOT NULL, "
            "instruction_type TEXT NOT NULL, status TEXT NOT NULL, vendor TEXT NOT NULL, account_holder TEXT NOT NULL, "
            "sort_code TEXT NOT NULL, last_four TEXT, masked_iban TEXT, valid_from TEXT NOT NULL, "
            "stored_at TEXT NOT NULL)"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS payment_instructions_by_account ON payment_instructions (account_number)"
        )

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        # An instruction stored in this batch is inserted once, already in its latest status; one
        # stored earlier and invalidated now gets one UPDATE.
        stored: dict[str, dict[str, Any]] = {}
        invalidated: list[str] = []
        for e in events:
            aggregate_id = str(e.originator_id)
            if isinstance(e, PaymentInstruction.Stored):
                stored[aggregate_id] = {
                    "aggregate_id": aggregate_id,
                    "number": e.number,
                    "account_number": e.account_number,
                    "ledger_number": e.ledger_number,
                    "instruction_type": e.instruction_type,
                    "status": InstructionStatus.ACTIVE.value,
                    "vendor": e.vendor,
                    "account_holder": e.account_holder,
                    "sort_code": e.sort_code,
                    "last_four": e.bank_account_number[-4:] or None,
                    "masked_iban": masked_iban(e.iban),
                    "valid_from": utc_text(e.valid_from),
                    "stored_at": utc_text(e.stored_at),
                }
            elif aggregate_id in stored:
                stored[aggregate_id]["status"] = InstructionStatus.INVALIDATED.value
            else:
                invalidated.append(aggregate_id)
        columns = ("aggregate_id", *_COLUMNS)
        cursor.insert_rows("payment_instructions", columns, [tuple(row[c] for c in columns) for row in stored.values()])
        cursor.executemany(
            "UPDATE payment_instructions SET status = %s WHERE aggregate_id = %s",
            [(InstructionStatus.INVALIDATED.value, aggregate_id) for aggregate_id in invalidated],
        )


def _instructions(statuses: tuple[str, ...] | None) -> Listing:
    where, params = "", tuple[str, ...]()
    if statuses is not None:
        where = f"status IN ({', '.join(['%s'] * len(statuses))})" if statuses else "1 = 0"
        params = statuses
    return Listing(
        table="payment_instructions",
        parent="account_number",
        columns=_COLUMNS,
        key=("stored_at", "number"),
        where=where,
        params=params,
    )


class InstructionsView:
    projection: ClassVar[type[Projection]] = InstructionsProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def instruction_pages(
        self, statuses: tuple[str, ...] | None, window: Window, account_numbers: Sequence[str]
    ) -> list[Page]:
        """The window of each account's instructions in one of `statuses` (any, if None), newest first."""
        pages = _instructions(statuses).pages(self.store, account_numbers, window)
        return [pages[number] for number in account_numbers]

    def instruction_counts(self, statuses: tuple[str, ...] | None, account_numbers: Sequence[str]) -> list[int]:
        counts = _instructions(statuses).counts(self.store, account_numbers)
        return [counts[number] for number in account_numbers]

    def of_account(self, account_number: str) -> list[dict[str, Any]]:
        rows = self.store.rows(
            f"SELECT {', '.join(_COLUMNS)} FROM payment_instructions WHERE account_number = %s ORDER BY number",
            (account_number,),
        )
        return [dict(zip(_COLUMNS, row, strict=True)) for row in rows]
