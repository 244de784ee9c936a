"""The accounts context's root query fields: one short method each, handing over to one module per question."""

from __future__ import annotations

import strawberry

from api.accounts.queries import feedback_forms
from api.accounts.screen_events import SCREEN_EVENTS
from api.context import QUERY_REFUSALS, RequestContext
from api.errors import raised_as
from api.shared.types import AccountType, accounts_by_number


@strawberry.type
class AccountsQueries:
    @strawberry.field(description="Get details about an account.")
    async def account(self, info: strawberry.Info[RequestContext, None], account_number: str) -> AccountType | None:
        # An organisation may read any account, a user only their own.
        with raised_as(QUERY_REFUSALS):
            await info.context.authenticate()
            number = info.context.account_number(account_number)
        return (await accounts_by_number(info, [number]))[0]

    # Configuration, the same for every viewer: no account data, so no login needed.
    @strawberry.field(description="Get the customer feedback survey question.")
    def question(self, form_id: int) -> str | None:
        return feedback_forms.question(form_id)

    @strawberry.field(description="Get default raw score for a customer feedback form.")
    def default_raw_score(self, form_id: int) -> int | None:
        return feedback_forms.default_raw_score(form_id)

    @strawberry.field(description="Get all registered backend screen event IDs.")
    def backend_screen_event_ids(self) -> list[str | None] | None:
        return list(SCREEN_EVENTS)
