"""Billing documents (answers `account { bills bill(id) }`): one row per bill, drafted then issued.

Only issued bills are for customers to see: a draft is an operator's work in progress, kept here so
that its issue has a row to land on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.payments.billing_document import BillingDocument
from projections.pages import Listing, Page, Window
from projections.payments.instructions import utc_text
from projections.projection import Projection
from projections.store import Cursor, ReadStore

_COLUMNS = ("number", "account_number", "ledger_number", "amount", "description", "drafted_at", "issued_at")


class BillsProjection(Projection):
    name = "billing_documents"
    upstream = "payments"
    topics = (get_topic(BillingDocument.Drafted), get_topic(BillingDocument.Issued))
    tables = ("billing_documents",)

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS billing_documents (number BIGINT PRIMARY KEY, "
            "aggregate_id TEXT NOT NULL UNIQUE, account_number TEXT NOT NULL, ledger_number TEXT NOT NULL, "
            "amount BIGINT NOT NULL, description TEXT NOT NULL, drafted_at TEXT NOT NULL, issued_at TEXT)"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS billing_documents_by_account ON billing_documents (account_number, issued_at)"
        )

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        # A bill drafted in this batch is inserted once, issued already if it was; one drafted earlier
        # and issued now gets one UPDATE.
        drafted: dict[str, dict[str, Any]] = {}
        issued: list[tuple[str, str]] = []
        for e in events:
            aggregate_id = str(e.originator_id)
            if isinstance(e, BillingDocument.Drafted):
                drafted[aggregate_id] = {
                    "aggregate_id": aggregate_id,
                    "number": e.number,
                    "account_number": e.account_number,
                    "ledger_number": e.ledger_number,
                    "amount": e.amount,
                    "description": e.description,
                    "drafted_at": utc_text(e.drafted_at),
                    "issued_at": None,
                }
            elif aggregate_id in drafted:
                drafted[aggregate_id]["issued_at"] = utc_text(e.issued_at)
            else:
                issued.append((utc_text(e.issued_at), aggregate_id))
        columns = ("aggregate_id", *_COLUMNS)
        cursor.insert_rows("billing_documents", columns, [tuple(row[c] for c in columns) for row in drafted.values()])
        cursor.executemany("UPDATE billing_documents SET issued_at = %s WHERE aggregate_id = %s", issued)


@dataclass(frozen=True)
class BillFilter:
    """Which of an account's issued bills a list keeps, by the days they were issued: from `issued_from`
    (included) to `issued_to` (excluded); None leaves that side open."""

    issued_from: date | None = None
    issued_to: date | None = None

    def listing(self) -> Listing:
        conditions, params = ["issued_at IS NOT NULL"], []
        # issued_at is UTC text: a day as text sorts before every moment of that day.
        if self.issued_from is not None:
            conditions.append("issued_at >= %s")
            params.append(self.issued_from.isoformat())
        if self.issued_to is not None:
            conditions.append("issued_at < %s")
            params.append(self.issued_to.isoformat())
        return Listing(
            table="billing_documents",
            parent="account_number",
            columns=_COLUMNS,
            key=("issued_at", "number"),
            where=" AND ".join(conditions),
            params=tuple(params),
        )


class BillsView:
    projection: ClassVar[type[Projection]] = BillsProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def bill_pages(self, chosen: BillFilter, window: Window, account_numbers: Sequence[str]) -> list[Page]:
        """The window of each account's issued bills that `chosen` keeps, the latest issued first."""
        pages = chosen.listing().pages(self.store, account_numbers, window)
        return [pages[number] for number in account_numbers]

    def bill_counts(self, chosen: BillFilter, account_numbers: Sequence[str]) -> list[int]:
        counts = chosen.listing().counts(self.store, account_numbers)
        return [counts[number] for number in account_numbers]

    def issued(self, keys: Sequence[tuple[str, int]]) -> list[dict[str, Any] | None]:
        """For each (account number, bill number): the bill, if that account's and issued; in one query."""
        if not keys:
            return []
        numbers = sorted({number for _, number in keys})
        rows = self.store.rows(
            f"SELECT {', '.join(_COLUMNS)} FROM billing_documents "
            f"WHERE number IN ({', '.join(['%s'] * len(numbers))}) AND issued_at IS NOT NULL",
            tuple(numbers),
        )
        bills = [dict(zip(_COLUMNS, row, strict=True)) for row in rows]
        found = {(bill["account_number"], bill["number"]): bill for bill in bills}
        return [found.get(key) for key in keys]

    def of_account(self, account_number: str) -> list[dict[str, Any]]:
        """Every bill of the account, drafts too, in the order they were drafted."""
        rows = self.store.rows(
            f"SELECT {', '.join(_COLUMNS)} FROM billing_documents WHERE account_number = %s "
            "ORDER BY drafted_at, number",
            (account_number,),
        )
        return [dict(zip(_COLUMNS, row, strict=True)) for row in rows]
