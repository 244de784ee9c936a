"""The accounts context's queries: they read projections only."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.shared.types import AccountType
from domain.shared.catalogue import Unauthorized


@strawberry.type
class AccountsQueries:
    @strawberry.field(description="Get details about an account.")
    async def account(self, info: strawberry.Info[RequestContext, None], account_number: str) -> AccountType | None:
        number = await info.context.account_number(account_number, denied=Unauthorized)
        return await info.context.call(AccountType.of, info.context.contexts.read, number)
