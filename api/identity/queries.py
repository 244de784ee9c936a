"""The identity context's queries: they read projections only."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.shared.types import AccountUserType


@strawberry.type
class IdentityQueries:
    @strawberry.field(description="The currently authenticated user.")
    async def viewer(self, info: strawberry.Info[RequestContext, None]) -> AccountUserType | None:
        viewer = await info.context.reader()
        return await info.context.call(AccountUserType.of, info.context.contexts.read, str(viewer.id))
