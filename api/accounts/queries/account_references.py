"""`accountReference(value)`: the references holding a value, of the accounts the requester may see."""

from __future__ import annotations

import strawberry

from api.context import QUERY_REFUSALS
from api.errors import raised_as
from api.shared.references import references_with_value
from api.shared.types import AccountReferenceType


async def account_references(info: strawberry.Info, value: str | None) -> list[AccountReferenceType | None]:
    with raised_as(QUERY_REFUSALS):
        await info.context.authenticate()
    return [AccountReferenceType.of(row) for row in await references_with_value(info, value)]
