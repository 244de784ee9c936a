"""Goods quotes (answers `goodsQuotes(accountNumber, quoteCode)`): one row per quote with its priced
lines. A prospect's profile stays in the (encrypted) event store: only the quote's figures are here."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any, ClassVar

import msgspec
from eventsourcing.utils import get_topic

from domain.goods.pricing import PricedLine
from domain.goods.quote import GoodsQuote
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks

_COLUMNS = (
    "number",
    "code",
    "account_number",
    "lines",
    "total_net",
    "total_gross",
    "currency",
    "quoted_at",
    "expires_at",
    "purchase_number",
)
# The most quotes one account's list answers, the newest first.
MAX_QUOTES = 100


def lines_text(lines: Sequence[PricedLine]) -> str:
    return msgspec.json.encode(list(lines)).decode()


class GoodsQuotesProjection(Projection):
    name = "goods_quotes"
    upstream = "goods"
    topics = (get_topic(GoodsQuote.Quoted), get_topic(GoodsQuote.Accepted))
    tables = ("goods_quotes",)

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS goods_quotes (number BIGINT PRIMARY KEY, code TEXT NOT NULL UNIQUE, "
            "aggregate_id TEXT NOT NULL UNIQUE, "
            "account_number TEXT, lines TEXT NOT NULL, total_net BIGINT NOT NULL, total_gross BIGINT NOT NULL, "
            "currency TEXT NOT NULL, quoted_at TEXT NOT NULL, expires_at TEXT NOT NULL, purchase_number BIGINT)"
        )
        cursor.execute("CREATE INDEX IF NOT EXISTS goods_quotes_account ON goods_quotes (account_number, number)")

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        for e in events:
            if isinstance(e, GoodsQuote.Quoted):
                row = (
                    e.number,
                    e.code,
                    e.account_number,
                    lines_text(e.lines),
                    e.total_net,
                    e.total_gross,
                    e.currency,
                    e.quoted_at.isoformat(),
                    e.expires_at.isoformat(),
                    None,
                )
                cursor.insert_rows("goods_quotes", (*_COLUMNS, "aggregate_id"), [(*row, str(e.originator_id))])
            elif isinstance(e, GoodsQuote.Accepted):
                cursor.execute(
                    "UPDATE goods_quotes SET purchase_number = %s WHERE aggregate_id = %s",
                    (e.purchase_number, str(e.originator_id)),
                )


def _quote(row: Sequence[Any]) -> dict[str, Any]:
    found = dict(zip(_COLUMNS, row, strict=True))
    found["lines"] = json.loads(found["lines"])
    found["quoted_at"] = datetime.fromisoformat(found["quoted_at"])
    found["expires_at"] = datetime.fromisoformat(found["expires_at"])
    return found


class GoodsQuotesView:
    projection: ClassVar[type[Projection]] = GoodsQuotesProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def quotes_of_accounts(self, numbers: Sequence[str]) -> list[list[dict[str, Any]]]:
        """Each account's quotes, the newest first (at most MAX_QUOTES), in one query."""
        if not numbers:
            return []
        rows = self.store.rows(
            f"SELECT {', '.join(_COLUMNS)} FROM goods_quotes WHERE account_number IN ({marks(numbers)}) "
            "ORDER BY quoted_at DESC, number DESC",
            tuple(numbers),
        )
        found: dict[str, list[dict[str, Any]]] = {number: [] for number in numbers}
        for row in rows:
            listed = found[row[2]]
            if len(listed) < MAX_QUOTES:
                listed.append(_quote(row))
        return [found[number] for number in numbers]

    def quotes(self, codes: Sequence[str]) -> list[dict[str, Any] | None]:
        """Each quote (None for a code no quote has), in one query."""
        if not codes:
            return []
        rows = self.store.rows(
            f"SELECT {', '.join(_COLUMNS)} FROM goods_quotes WHERE code IN ({marks(codes)})", tuple(codes)
        )
        found = {row[1]: _quote(row) for row in rows}
        return [found.get(code) for code in codes]
