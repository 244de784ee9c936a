"""The accounts context's root query fields: one short method each, handing over to one module per question."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.accounts.queries.properties import PropertyType, active_on, properties_of_account, property_by_id
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

    @strawberry.field(description="A property with the given ID. Usually associated with supply points.")
    async def property(self, info: strawberry.Info[RequestContext, None], id: strawberry.ID) -> PropertyType | None:
        # A user sees only the properties their accounts occupy or occupied; an organisation any.
        with raised_as(QUERY_REFUSALS):
            await info.context.authenticate()
        return await property_by_id(info, str(id))

    @strawberry.field(description="The properties attached to the given account.")
    async def properties(
        self,
        info: strawberry.Info[RequestContext, None],
        account_number: str,
        active: Annotated[
            bool | None,
            strawberry.argument(description="Only the properties the account occupies today (false: the others)."),
        ] = None,
    ) -> list[PropertyType | None] | None:
        with raised_as(QUERY_REFUSALS):
            await info.context.authenticate()
            number = info.context.account_number(account_number)
        today = info.context.contexts.accounts.clock.now().date()
        return await properties_of_account(info, number, active_on(today, active))
