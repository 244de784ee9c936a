"""The identity context's mutations about acting for others: support staff masquerading, live secret keys."""

from __future__ import annotations

import strawberry

from api.identity.types import (
    MasqueradeAuthentication,
    RegenerateSecretKey,
)
from api.mutation import pending_mutation


@strawberry.type
class AccessMutations:
    masquerade_authentication = pending_mutation(
        args={"masqueradeToken": str, "userId": str},
        payload=MasqueradeAuthentication | None,
        errors=(),
        auth=False,
        description="Provide a temporary token to get an auth token. This is intended to allow support users to view customer data through the brand interface.",
    )

    regenerate_secret_key = pending_mutation(
        args={},
        payload=RegenerateSecretKey | None,
        errors=(),
        auth=False,
        description="Regenerate the live secret key for the authenticated user.",
    )
