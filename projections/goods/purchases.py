"""Goods purchases (answers `goodsPurchases(accountNumber)`): one row per purchase with its sale items,
grants, params and status, as they are after its last change."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any, ClassVar

import msgspec
from eventsourcing.utils import get_topic

from domain.goods.purchase import GoodsPurchase, PurchaseStatus
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks

_COLUMNS = (
    "number",
    "code",
    "account_number",
    "ledger_number",
    "items",
    "grants",
    "amount_due",
    "currency",
    "client_params",
    "market_params",
    "status",
    "made_at",
)
# The most purchases one account's list answers, the newest first.
MAX_PURCHASES = 100


def _json(values: Sequence[Any]) -> str:
    return msgspec.json.encode(list(values)).decode()


class GoodsPurchasesProjection(Projection):
    name = "goods_purchases"
    upstream = "goods"
    topics = (get_topic(GoodsPurchase.Made), get_topic(GoodsPurchase.ItemsReplaced), get_topic(GoodsPurchase.Completed))
    tables = ("goods_purchases",)

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS goods_purchases (number BIGINT PRIMARY KEY, code TEXT NOT NULL, "
            "aggregate_id TEXT NOT NULL UNIQUE, account_number TEXT NOT NULL, ledger_number TEXT NOT NULL, "
            "items TEXT NOT NULL, grants TEXT NOT NULL, amount_due BIGINT NOT NULL, currency TEXT NOT NULL, "
            "client_params TEXT, market_params TEXT, status TEXT NOT NULL, made_at TEXT NOT NULL)"
        )
        cursor.execute("CREATE INDEX IF NOT EXISTS goods_purchases_account ON goods_purchases (account_number, number)")

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        for e in events:
            key = str(e.originator_id)
            if isinstance(e, GoodsPurchase.Made):
                row = (
                    e.number,
                    e.code,
                    e.account_number,
                    e.ledger_number,
                    _json(e.items),
                    _json(e.grants),
                    e.amount_due,
                    e.currency,
                    e.client_params,
                    e.market_params,
                    PurchaseStatus.ACTIVE.value,
                    e.made_at.isoformat(),
                )
                cursor.insert_rows("goods_purchases", (*_COLUMNS, "aggregate_id"), [(*row, key)])
            elif isinstance(e, GoodsPurchase.ItemsReplaced):
                cursor.execute(
                    "UPDATE goods_purchases SET items = %s, grants = %s, amount_due = %s, currency = %s, "
                    "client_params = %s, market_params = %s WHERE aggregate_id = %s",
                    (
                        _json(e.items),
                        _json(e.grants),
                        e.amount_due,
                        e.currency,
                        e.client_params,
                        e.market_params,
                        key,
                    ),
                )
            else:
                cursor.execute(
                    "UPDATE goods_purchases SET status = %s WHERE aggregate_id = %s",
                    (PurchaseStatus.COMPLETED.value, key),
                )


def _purchase(row: Sequence[Any]) -> dict[str, Any]:
    found = dict(zip(_COLUMNS, row, strict=True))
    found["items"] = json.loads(found["items"])
    found["grants"] = json.loads(found["grants"])
    found["made_at"] = datetime.fromisoformat(found["made_at"])
    return found


class GoodsPurchasesView:
    projection: ClassVar[type[Projection]] = GoodsPurchasesProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def purchases_of_accounts(self, numbers: Sequence[str]) -> list[list[dict[str, Any]]]:
        """Each account's purchases, the newest first (at most MAX_PURCHASES), in one query."""
        if not numbers:
            return []
        rows = self.store.rows(
            f"SELECT {', '.join(_COLUMNS)} FROM goods_purchases WHERE account_number IN ({marks(numbers)}) "
            "ORDER BY made_at DESC, number DESC",
            tuple(numbers),
        )
        found: dict[str, list[dict[str, Any]]] = {number: [] for number in numbers}
        for row in rows:
            listed = found[row[2]]
            if len(listed) < MAX_PURCHASES:
                listed.append(_purchase(row))
        return [found[number] for number in numbers]
