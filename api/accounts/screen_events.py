"""The backend screen events the app may trigger: each one's parameters and what it runs.

Kraken's backend-driven screens show buttons that name an event; `backendScreenEvent` runs it and
answers the next action. An event is registered with the parameters it takes and its handler, a
command of a context application; one registered without a handler is shown by the app but not
run by this backend yet (KT-CT-8003). A command's refusal that the mutation has no code of its own
for (an answered feedback request's KT-CT-5514) means the event failed: KT-CT-8004, whose
description names the refusal. The registry lives in the API layer because its handlers
call other contexts' applications (loyalty's) on the viewer's behalf, as their mutations do.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass

import strawberry

from api.accounts.inputs import BackendScreenParamInputType
from api.accounts.types import ActionType, CloseActionType, ScreenActionType
from api.context import RequestContext
from domain.accounts import commands as accounts
from domain.accounts.errors import (
    BackendScreenEventFailed,
    BackendScreenEventNotExecutable,
    BackendScreenEventNotFound,
    BackendScreenEventParamsInvalid,
)
from domain.loyalty import commands as loyalty
from domain.loyalty.errors import LoyaltyEnrollmentIneligible
from domain.shared.catalogue import AccountAccessDenied, AccountUserRequired
from domain.shared.errors import KrakenError

log = logging.getLogger("kraken.screen_events")

Handler = Callable[[strawberry.Info[RequestContext, None], Mapping[str, str]], Awaitable[ActionType]]


@dataclass(frozen=True, slots=True)
class ScreenEvent:
    """An event id, the parameters it requires, and its handler (None: not run by this backend yet).

    `answers` are the errors of its command that the mutation answers with a code of its own (through
    its codes table); any other Kraken error of the command means the event failed (KT-CT-8004).
    """

    event_id: str
    params: frozenset[str]
    handler: Handler | None
    answers: tuple[type[KrakenError], ...] = ()


# Who may act on the account: refused as the mutation's gate refuses them, whatever the event.
_REFUSALS = (AccountAccessDenied, AccountUserRequired)


async def _join_octoplus(info: strawberry.Info[RequestContext, None], params: Mapping[str, str]) -> ActionType:
    """Enrols the account in the loyalty programme with the viewer as its points user."""
    command = loyalty.EnrollAccountInLoyaltyProgram(
        viewer_id=info.context.viewer().id, account_number=info.context.account_number(params["accountNumber"])
    )
    await info.context.call(info.context.contexts.loyalty.enroll_account_in_loyalty_program, command)
    return ScreenActionType(screen_id="octoplus-welcome", allow_back=False)


async def _answer_feedback(info: strawberry.Info[RequestContext, None], params: Mapping[str, str]) -> ActionType:
    """The feedback screen's buttons: answers a feedback request, then closes the screen."""
    resolved = params["issueResolved"].strip().lower()
    if not (params["feedbackId"].strip().isdigit() and params["formId"].strip().isdigit()):
        raise BackendScreenEventParamsInvalid("feedbackId and formId are whole numbers.")
    if resolved not in ("true", "false"):
        raise BackendScreenEventParamsInvalid("issueResolved is true or false.")
    command = accounts.SubmitCustomerFeedback(
        account_number=info.context.account_number(params["accountNumber"]),
        form_id=int(params["formId"]),
        feedback_id=int(params["feedbackId"]),
        issue_resolved=resolved == "true",
        answer=None,
        answered_by=info.context.acting.actor,
    )
    await info.context.call(info.context.contexts.accounts.submit_customer_feedback, command)
    return CloseActionType()


SCREEN_EVENTS: dict[str, ScreenEvent] = {
    event.event_id: event
    for event in (
        ScreenEvent("JOIN_OCTOPLUS", frozenset({"accountNumber"}), _join_octoplus, (LoyaltyEnrollmentIneligible,)),
        ScreenEvent(
            "ANSWER_FEEDBACK", frozenset({"accountNumber", "feedbackId", "formId", "issueResolved"}), _answer_feedback
        ),
        # The app offers it; booking an appointment belongs to the meter installation process, which
        # the supply context does not run yet.
        ScreenEvent("BOOK_METER_INSTALLATION", frozenset({"accountNumber"}), None),
    )
}


async def run_screen_event(
    info: strawberry.Info[RequestContext, None], event_id: str, given: Sequence[BackendScreenParamInputType | None]
) -> ActionType:
    event = SCREEN_EVENTS.get(event_id)
    if event is None:
        raise BackendScreenEventNotFound(f"No backend screen event {event_id!r} is registered.")
    if event.handler is None:
        raise BackendScreenEventNotExecutable(f"The backend does not run {event_id!r} yet.")
    params = _params(event, given)
    answered: tuple[type[KrakenError], ...] = (*_REFUSALS, *event.answers, BackendScreenEventParamsInvalid)
    try:
        return await event.handler(info, params)
    except answered:
        raise
    except KrakenError as exc:
        raise BackendScreenEventFailed(f"{event_id} failed: {exc}") from exc
    except Exception as exc:
        log.exception("backend screen event %s failed", event_id)
        raise BackendScreenEventFailed(f"The backend screen event {event_id!r} failed.") from exc


def _params(event: ScreenEvent, given: Sequence[BackendScreenParamInputType | None]) -> dict[str, str]:
    pairs = [param for param in given if param is not None]
    params = {param.key: param.value for param in pairs}
    missing = sorted(event.params - set(params))
    unexpected = sorted(set(params) - event.params)
    if missing or unexpected or len(params) != len(pairs):
        raise BackendScreenEventParamsInvalid(
            f"{event.event_id} takes {', '.join(sorted(event.params))}: "
            f"missing {missing or 'none'}, unexpected {unexpected or 'none'}, each key once."
        )
    return params
