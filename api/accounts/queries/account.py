"""The accounts context's root query fields: one short method each, handing over to one module per question."""

from __future__ import annotations

import strawberry

from api.context import QUERY_REFUSALS, RequestContext
from api.errors import raised_as
from api.shared.types import AccountType, accounts_by_number


@strawberry.type
class AccountsQueries:
    @strawberry.field(description="Get details about an account.")
    async def account(self, info: strawberry.Info[RequestContext, None], account_number: str) -> AccountType | None:
        # An organisation may read any account, a user only their own.
        with raised_as(QUERY_REFUSALS):
            await info.context.authenticate()
            number = info.context.account_number(account_number)
        return (await accounts_by_number(info, [number]))[0]
