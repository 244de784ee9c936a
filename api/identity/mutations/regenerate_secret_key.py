"""regenerateSecretKey: a new live secret (API) key for the viewer; the old one stops working."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.identity.types import RegenerateSecretKey
from api.mutation import kraken_mutation
from api.shared.types import AccountUserType
from domain.identity import commands


@strawberry.type
class RegenerateSecretKeyMutation:
    @kraken_mutation(
        errors=(),
        auth=True,
        description="Regenerate the live secret key for the authenticated user.",
    )
    async def regenerate_secret_key(self, info: strawberry.Info[RequestContext, None]) -> RegenerateSecretKey | None:
        viewer = info.context.viewer()
        staff_id = info.context.acting.staff_id
        command = commands.RegenerateSecretKey(user_id=viewer.id, masquerading_staff_id=staff_id)
        key = await info.context.call(info.context.contexts.identity.regenerate_secret_key, command)
        user = await info.context.call(AccountUserType.of, info.context.contexts.read, str(viewer.id))
        return RegenerateSecretKey(key=key, viewer=user)
