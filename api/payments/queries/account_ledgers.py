"""An account's ledger rows: what every field that reads the account's ledgers starts from."""

from __future__ import annotations

from typing import Any

import strawberry


async def ledgers_of(info: strawberry.Info, account_number: str) -> list[dict[str, Any]]:
    """The account's ledger rows, the main ledger first, through the one loader every ledger field
    of the request shares (one query for every account the document reaches)."""
    rows: list[dict[str, Any]] = await info.context.loader(info.context.contexts.read.ledgers.of_accounts).load(
        account_number
    )
    return rows
