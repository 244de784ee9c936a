"""Account references (answers `account { references }` and `accountReference(value)`): one row per
account and namespace, holding the account's current value there."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.accounts.account import Account
from projections.projection import Projection
from projections.store import Cursor, ReadStore, marks

_COLUMNS = ("account_number", "namespace", "value", "created_at", "updated_at")


class AccountReferencesProjection(Projection):
    name = "account_references"
    upstream = "accounts"
    topics = (get_topic(Account.ReferenceAttached), get_topic(Account.ReferenceChanged))
    tables = ("account_references",)

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS account_references (account_number TEXT NOT NULL, namespace TEXT NOT NULL, "
            "value TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, "
            "PRIMARY KEY (account_number, namespace))"
        )
        cursor.execute("CREATE INDEX IF NOT EXISTS account_references_by_value ON account_references (value)")

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        # Each reference the batch touches in its final state: one attached in this batch is inserted
        # once; a change of one attached earlier is one UPDATE.
        new: dict[tuple[str, str], dict[str, Any]] = {}
        changed: dict[tuple[str, str], tuple[str, str]] = {}
        for e in events:
            key = (e.account_number, e.namespace)
            if isinstance(e, Account.ReferenceAttached):
                at = e.at.isoformat()
                new[key] = dict(zip(_COLUMNS, (*key, e.value, at, at), strict=True))
            elif key in new:
                new[key].update(value=e.value, updated_at=e.at.isoformat())
            else:
                changed[key] = (e.value, e.at.isoformat())
        cursor.insert_rows("account_references", _COLUMNS, [tuple(row[c] for c in _COLUMNS) for row in new.values()])
        cursor.executemany(
            "UPDATE account_references SET value = %s, updated_at = %s WHERE account_number = %s AND namespace = %s",
            [(value, at, number, namespace) for (number, namespace), (value, at) in changed.items()],
        )


class AccountReferencesView:
    projection: ClassVar[type[Projection]] = AccountReferencesProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def of_accounts(self, account_numbers: Sequence[str]) -> list[list[dict[str, Any]]]:
        """Each account's references, by namespace, in one query."""
        if not account_numbers:
            return []
        found: dict[str, list[dict[str, Any]]] = {number: [] for number in account_numbers}
        for row in self._rows(f"account_number IN ({marks(account_numbers)})", account_numbers):
            found[row["account_number"]].append(row)
        return [found[number] for number in account_numbers]

    def with_values(self, values: Sequence[str]) -> list[list[dict[str, Any]]]:
        """Each value's references, in any namespace of any account, in one query."""
        if not values:
            return []
        found: dict[str, list[dict[str, Any]]] = {value: [] for value in values}
        for row in self._rows(f"value IN ({marks(values)})", values):
            found[row["value"]].append(row)
        return [found[value] for value in values]

    def _rows(self, where: str, params: Sequence[str]) -> list[dict[str, Any]]:
        sql = f"SELECT {', '.join(_COLUMNS)} FROM account_references WHERE {where} ORDER BY account_number, namespace"
        return [dict(zip(_COLUMNS, row, strict=True)) for row in self.store.rows(sql, tuple(params))]
