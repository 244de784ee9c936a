"""The accounts context's root query fields: one short method each, handing over to one module per question."""

from __future__ import annotations

import strawberry

from api.accounts.queries import account_references
from api.accounts.queries import metadata as metadata_queries
from api.accounts.types import LinkedObjectType
from api.context import QUERY_REFUSALS, RequestContext
from api.errors import raised_as
from api.shared.types import AccountReferenceType, AccountType, Metadata, accounts_by_number


@strawberry.type
class AccountsQueries:
    @strawberry.field(description="Get details about an account.")
    async def account(self, info: strawberry.Info[RequestContext, None], account_number: str) -> AccountType | None:
        # An organisation may read any account, a user only their own.
        with raised_as(QUERY_REFUSALS):
            await info.context.authenticate()
            number = info.context.account_number(account_number)
        return (await accounts_by_number(info, [number]))[0]

    @strawberry.field(description="List of matching account references.")
    async def account_reference(
        self, info: strawberry.Info[RequestContext, None], value: str | None = None
    ) -> list[AccountReferenceType | None] | None:
        return await account_references.account_references(info, value)

    @strawberry.field(description="Metadata for a linked object.")
    async def metadata(
        self,
        info: strawberry.Info[RequestContext, None],
        linked_object_type: LinkedObjectType | None = None,
        *,
        identifier: str,
    ) -> list[Metadata | None] | None:
        return list(await metadata_queries.metadata(info, linked_object_type, identifier))

    @strawberry.field(description="Metadata for a linked object with key.")
    async def metadata_for_key(
        self,
        info: strawberry.Info[RequestContext, None],
        linked_object_type: LinkedObjectType | None = None,
        *,
        identifier: str,
        key: str,
    ) -> Metadata | None:
        return await metadata_queries.metadata_for_key(info, linked_object_type, identifier, key)
