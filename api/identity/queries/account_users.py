"""Account users as the read model holds them, batched per request: the rows behind AccountUserType."""

from __future__ import annotations

from typing import Any

import strawberry


async def user_row(info: strawberry.Info, user_id: str) -> dict[str, Any] | None:
    """One user's row; every user a document names is read in one query."""
    row: dict[str, Any] | None = await info.context.loader(info.context.contexts.read.account_users.users).load(user_id)
    return row


async def users_of_account(info: strawberry.Info, account_number: str) -> list[dict[str, Any]]:
    """The account's users, first registered first; every account of the document in one query."""
    read = info.context.contexts.read.account_users
    rows: list[dict[str, Any]] = await info.context.loader(read.users_of_accounts).load(account_number)
    return rows


async def visible_accounts(info: strawberry.Info, user_id: str, only: str | None = None) -> list[str]:
    """The numbers of the user's accounts that the requester may see: all of a user's own, and of
    another user (met as a user of a shared account) only those shared; an organisation sees any."""
    read = info.context.contexts.read.account_users
    numbers: list[str] = await info.context.loader(read.accounts_of).load(user_id)
    requester = info.context.acting.viewer
    return [number for number in numbers if requester.belongs_to(number) and (only is None or number == only)]
