"""`viewer`: the account user the token speaks for, as the account users read model holds them."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.identity.queries.account_users import user_row
from api.shared.types import AccountUserType


@strawberry.type
class ViewerQuery:
    @strawberry.field(description="The currently authenticated user.")
    async def viewer(self, info: strawberry.Info[RequestContext, None]) -> AccountUserType | None:
        viewer = await info.context.reader()
        row = await user_row(info, str(viewer.id))
        return AccountUserType.from_row(row) if row is not None else None
