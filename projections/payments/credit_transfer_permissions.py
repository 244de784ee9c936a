"""Credit transfer permissions (answers `account { creditTransferPermissions }`): one row per period
in which credit could move from one ledger to another.

The aggregate keeps only its current period; here each grant keeps its row, so a permission that
was ended and granted again shows both. The two ledgers may belong to different accounts: a
permission is listed on each ledger's account (by the ledgers read model, when asked).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, ClassVar

from eventsourcing.utils import get_topic

from domain.payments.credit_transfer_permission import CreditTransferPermission
from projections.payments.instructions import utc_text
from projections.projection import Projection
from projections.store import Cursor, ReadStore

_COLUMNS = ("source_ledger_number", "target_ledger_number", "valid_from", "valid_to")


class CreditTransferPermissionsProjection(Projection):
    name = "credit_transfer_permissions"
    upstream = "payments"
    topics = (
        get_topic(CreditTransferPermission.Granted),
        get_topic(CreditTransferPermission.GrantedAgain),
        get_topic(CreditTransferPermission.Terminated),
    )
    tables = ("credit_transfer_permissions",)

    def create(self, cursor: Cursor) -> None:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS credit_transfer_permissions (aggregate_id TEXT NOT NULL, "
            "version INTEGER NOT NULL, source_ledger_number TEXT NOT NULL, target_ledger_number TEXT NOT NULL, "
            "valid_from TEXT NOT NULL, valid_to TEXT, PRIMARY KEY (aggregate_id, version))"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS credit_transfer_permissions_by_source "
            "ON credit_transfer_permissions (source_ledger_number)"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS credit_transfer_permissions_by_target "
            "ON credit_transfer_permissions (target_ledger_number)"
        )

    def apply(self, cursor: Cursor, events: Sequence[Any]) -> None:
        # The latest period of each permission the batch touches: new rows are inserted once, in their
        # final state; the end of a period recorded before this batch is one UPDATE.
        pairs = self._pairs(
            cursor,
            {str(e.originator_id) for e in events if not isinstance(e, CreditTransferPermission.Granted)},
        )
        latest: dict[str, dict[str, Any]] = {}
        new: list[dict[str, Any]] = []
        ended_earlier: dict[str, str] = {}
        for e in events:
            aggregate_id = str(e.originator_id)
            if isinstance(e, CreditTransferPermission.Granted | CreditTransferPermission.GrantedAgain):
                if isinstance(e, CreditTransferPermission.Granted):
                    pairs[aggregate_id] = (e.source_ledger_number, e.target_ledger_number)
                source, target = pairs[aggregate_id]
                # A period is named by the version of the event that began it: two grants may share a
                # moment (one ended at once and granted again), never a version.
                latest[aggregate_id] = {
                    "aggregate_id": aggregate_id,
                    "version": e.originator_version,
                    "source_ledger_number": source,
                    "target_ledger_number": target,
                    "valid_from": utc_text(e.valid_from),
                    "valid_to": None,
                }
                new.append(latest[aggregate_id])
            elif aggregate_id in latest:
                latest[aggregate_id]["valid_to"] = utc_text(e.valid_to)
            else:
                ended_earlier[aggregate_id] = utc_text(e.valid_to)
        # Before the inserts, while the latest stored period is still the one that ended.
        cursor.executemany(
            "UPDATE credit_transfer_permissions SET valid_to = %s WHERE aggregate_id = %s AND version = "
            "(SELECT MAX(version) FROM credit_transfer_permissions WHERE aggregate_id = %s)",
            [(valid_to, aggregate_id, aggregate_id) for aggregate_id, valid_to in ended_earlier.items()],
        )
        columns = ("aggregate_id", "version", *_COLUMNS)
        cursor.insert_rows("credit_transfer_permissions", columns, [tuple(row[c] for c in columns) for row in new])

    @staticmethod
    def _pairs(cursor: Cursor, aggregate_ids: set[str]) -> dict[str, tuple[str, str]]:
        """The ledgers of permissions granted in an earlier batch, in one query."""
        if not aggregate_ids:
            return {}
        cursor.execute(
            "SELECT DISTINCT aggregate_id, source_ledger_number, target_ledger_number FROM credit_transfer_permissions "
            f"WHERE aggregate_id IN ({', '.join(['%s'] * len(aggregate_ids))})",
            [*aggregate_ids],
        )
        return {row[0]: (row[1], row[2]) for row in cursor.fetchall()}


class CreditTransferPermissionsView:
    projection: ClassVar[type[Projection]] = CreditTransferPermissionsProjection

    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def of_accounts(
        self, active: bool | None, at: datetime, account_numbers: Sequence[str]
    ) -> list[list[dict[str, Any]]]:
        """Each account's permissions from or to one of its ledgers, the latest granted first, in one
        query; with `active`, only those active (or, False, not active) at `at`."""
        if not account_numbers:
            return []
        where = f"l.account_number IN ({', '.join(['%s'] * len(account_numbers))})"
        params: list[Any] = [*account_numbers]
        if active is not None:
            condition = "p.valid_from <= %s AND (p.valid_to IS NULL OR p.valid_to > %s)"
            where += f" AND {'' if active else 'NOT '}({condition})"
            params.extend([utc_text(at)] * 2)
        columns = ", ".join(f"p.{c}" for c in _COLUMNS)
        rows = self.store.rows(
            f"SELECT DISTINCT l.account_number, {columns}, p.aggregate_id, p.version "
            "FROM credit_transfer_permissions p "
            "JOIN payment_ledgers l ON l.number IN (p.source_ledger_number, p.target_ledger_number) "
            f"WHERE {where} ORDER BY l.account_number, p.valid_from DESC, p.aggregate_id, p.version DESC",
            tuple(params),
        )
        found: dict[str, list[dict[str, Any]]] = {number: [] for number in account_numbers}
        for row in rows:
            found[row[0]].append(dict(zip(_COLUMNS, row[1 : 1 + len(_COLUMNS)], strict=True)))
        return [found[number] for number in account_numbers]
