"""Which credit transfers an account's ledgers take part in (`account { creditTransferPermissions }`).

Kraken's schemas expose these permissions only through their two mutations; the read side names
them as those mutations do (source and target ledger numbers, validFrom, validTo).
"""

from __future__ import annotations

import datetime
from typing import Any

import strawberry


@strawberry.type
class CreditTransferPermissionType:
    source_ledger_number: str = strawberry.field(description="The ledger credit may move from.")
    target_ledger_number: str = strawberry.field(description="The ledger credit may move to.")
    valid_from: datetime.datetime = strawberry.field(description="When credit could start to move.")
    valid_to: datetime.datetime | None = strawberry.field(
        description="When credit stopped (or will stop) being able to move; null while the permission has no end.",
        default=None,
    )

    @classmethod
    def of(cls, row: dict[str, Any]) -> CreditTransferPermissionType:
        return cls(
            source_ledger_number=row["source_ledger_number"],
            target_ledger_number=row["target_ledger_number"],
            valid_from=datetime.datetime.fromisoformat(row["valid_from"]),
            valid_to=datetime.datetime.fromisoformat(row["valid_to"]) if row["valid_to"] else None,
        )


async def credit_transfer_permissions(
    info: strawberry.Info, account_number: str, active: bool | None
) -> list[CreditTransferPermissionType | None]:
    view = info.context.contexts.read.credit_transfer_permissions
    now = info.context.contexts.payments.clock.now()
    rows = await info.context.loader(view.of_accounts, active, now).load(account_number)
    return [CreditTransferPermissionType.of(row) for row in rows]
