"""Each account's brand, as the accounts context records it (answers `account { brand }` and which
referral schemes an account may use: referrals only work within one brand)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.accounts.account import Account
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks


class AccountBrandsProjection(Projection):
    name = "account_brands"
    upstream = "accounts"
    topics = (get_topic(Account.Opened), get_topic(Account.BrandChanged))
    tables = ("account_brands",)

    def create(self, cursor: Cursor) -> None:
        cursor.execute("CREATE TABLE IF NOT EXISTS account_brands (number TEXT PRIMARY KEY, brand TEXT NOT NULL)")

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        for e in events:
            if isinstance(e, Account.Opened):
                cursor.insert_rows("account_brands", ("number", "brand"), [(e.number, e.brand)])
            else:
                cursor.execute("UPDATE account_brands SET brand = %s WHERE number = %s", (e.brand, e.number))


class AccountBrandsView:
    projection: ClassVar[type[Projection]] = AccountBrandsProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def brands(self, numbers: Sequence[str]) -> list[str | None]:
        """Each account's brand (None for one the projection has not seen), in one query."""
        if not numbers:
            return []
        rows = self.store.rows(
            f"SELECT number, brand FROM account_brands WHERE number IN ({marks(numbers)})", tuple(numbers)
        )
        found = dict(rows)
        return [found.get(number) for number in numbers]
