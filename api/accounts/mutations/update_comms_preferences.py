"""Update the viewer's comms preferences: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import UpdateAccountUserCommsPreferencesInput
from api.accounts.types import UpdateAccountUserCommsPreferencesMutation
from api.mutation import pending_mutation
from domain.accounts.errors import CommsPreferencesInvalid


@strawberry.type
class UpdateCommsPreferencesMutation:
    update_comms_preferences = pending_mutation(
        args={"input": UpdateAccountUserCommsPreferencesInput},
        payload=UpdateAccountUserCommsPreferencesMutation | None,
        errors=(CommsPreferencesInvalid,),
        auth=True,
        description="Update the comms preferences of the account user (the authenticated user).",
    )
