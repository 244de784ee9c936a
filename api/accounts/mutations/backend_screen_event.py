"""Look up a backend screen event by id and return the next action to perform: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import BackendScreenEventInput
from api.accounts.types import BackendScreenEvent
from api.mutation import pending_mutation
from domain.accounts.errors import (
    BackendScreenEventFailed,
    BackendScreenEventNotExecutable,
    BackendScreenEventNotFound,
    BackendScreenEventParamsInvalid,
    OctoplusJoinIneligible,
)


@strawberry.type
class BackendScreenEventMutation:
    backend_screen_event = pending_mutation(
        args={"input": BackendScreenEventInput},
        payload=BackendScreenEvent | None,
        errors=(
            BackendScreenEventNotFound,
            BackendScreenEventNotExecutable,
            BackendScreenEventFailed,
            BackendScreenEventParamsInvalid,
            OctoplusJoinIneligible,
        ),
        auth=True,
        description="Look up an event to perform from its event_id, and return the next action to perform.",
    )
