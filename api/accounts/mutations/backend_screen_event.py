"""Look up a backend screen event by id, run it, and return the next action to perform."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import BackendScreenEventInput
from api.accounts.screen_events import run_screen_event
from api.accounts.types import BackendScreenEvent
from api.context import RequestContext
from api.mutation import kraken_mutation
from domain.accounts.errors import (
    BackendScreenEventFailed,
    BackendScreenEventNotExecutable,
    BackendScreenEventNotFound,
    BackendScreenEventParamsInvalid,
    OctoplusJoinIneligible,
)
from domain.loyalty.errors import LoyaltyEnrollmentIneligible
from domain.shared.catalogue import AccountAccessDenied, Unauthorized


@strawberry.type
class BackendScreenEventMutation:
    @kraken_mutation(
        errors=(
            BackendScreenEventNotFound,
            BackendScreenEventNotExecutable,
            BackendScreenEventFailed,
            BackendScreenEventParamsInvalid,
            OctoplusJoinIneligible,
        ),
        auth=True,
        codes={
            # What an event's command raises that this mutation answers with a code of its own (see
            # screen_events.ScreenEvent.answers); any other error of a command is KT-CT-8004.
            LoyaltyEnrollmentIneligible: OctoplusJoinIneligible,
            # The seed lists no code for a viewer who is not on the account: the foundation's.
            AccountAccessDenied: Unauthorized,
        },
        invalid=BackendScreenEventParamsInvalid,
        description="Look up an event to perform from its event_id, and return the next action to perform.",
    )
    async def backend_screen_event(
        self, info: strawberry.Info[RequestContext, None], input: BackendScreenEventInput
    ) -> BackendScreenEvent | None:
        action = await run_screen_event(info, str(input.event_id), input.params or [])
        return BackendScreenEvent(action=action)
