"""Account references as the read model holds them, batched per request: the rows behind AccountReferenceType."""

from __future__ import annotations

from typing import Any

import strawberry

from domain.accounts.account import Account


async def references_of(info: strawberry.Info, account_number: str) -> list[dict[str, Any]]:
    """The account's references, by namespace; every account of the document in one query."""
    read = info.context.contexts.read.account_references
    rows: list[dict[str, Any]] = await info.context.loader(read.of_accounts).load(account_number)
    return rows


async def references_with_value(info: strawberry.Info, value: str | None) -> list[dict[str, Any]]:
    """The references holding `value`, in any namespace, of the accounts the requester may see (an
    account user their own, an organisation any): another customer's reference is never shown."""
    if not value or len(value) > Account.REFERENCE_VALUE_LENGTH:
        # No reference can hold it: nothing to read.
        return []
    read = info.context.contexts.read.account_references
    rows: list[dict[str, Any]] = await info.context.loader(read.with_values).load(value)
    requester = info.context.acting.viewer
    return [row for row in rows if requester.belongs_to(row["account_number"])]
