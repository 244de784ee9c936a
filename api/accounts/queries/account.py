"""The accounts context's root query fields: one short method each, handing over to one module per question."""

from __future__ import annotations

import datetime
from typing import Annotated

import strawberry

from api.accounts.queries import account_references, feedback_forms
from api.accounts.queries import metadata as metadata_queries
from api.accounts.queries.as_of import account_as_of_answer
from api.accounts.queries.properties import PropertyType, active_on, properties_of_account, property_by_id
from api.accounts.screen_events import SCREEN_EVENTS
from api.accounts.types import LinkedObjectType
from api.context import QUERY_REFUSALS, RequestContext
from api.errors import raised_as
from api.shared.types import AccountReferenceType, AccountType, Metadata, accounts_by_number


@strawberry.type
class AccountsQueries:
    @strawberry.field(description="Get details about an account.")
    async def account(
        self,
        info: strawberry.Info[RequestContext, None],
        account_number: str,
        as_of: Annotated[
            datetime.datetime | None,
            strawberry.argument(
                description="Ours, not Kraken GB's: the account as it stood at this past moment, replayed from its "
                "events. Answers number, status, brand, billingName, createdAt, balance, ledgers (with "
                "transactions), paymentSchedules and properties (with activeWaterMeters and their readings); any "
                "other field is refused (KT-CT-1113), a moment still to come too (KT-CT-4321). Null before the "
                "account was opened. A moment without a zone is UTC."
            ),
        ] = None,
    ) -> AccountType | None:
        # An organisation may read any account, a user only their own.
        with raised_as(QUERY_REFUSALS):
            await info.context.authenticate()
            number = info.context.account_number(account_number)
        if as_of is not None:
            return await account_as_of_answer(info, number, as_of)
        return (await accounts_by_number(info, [number]))[0]

    @strawberry.field(description="List of matching account references.")
    async def account_reference(
        self, info: strawberry.Info[RequestContext, None], value: str | None = None
    ) -> list[AccountReferenceType | None] | None:
        return await account_references.account_references(info, value)

    @strawberry.field(description="Metadata for a linked object.")
    async def metadata(
        self,
        info: strawberry.Info[RequestContext, None],
        linked_object_type: LinkedObjectType | None = None,
        *,
        identifier: str,
    ) -> list[Metadata | None] | None:
        return list(await metadata_queries.metadata(info, linked_object_type, identifier))

    @strawberry.field(description="Metadata for a linked object with key.")
    async def metadata_for_key(
        self,
        info: strawberry.Info[RequestContext, None],
        linked_object_type: LinkedObjectType | None = None,
        *,
        identifier: str,
        key: str,
    ) -> Metadata | None:
        return await metadata_queries.metadata_for_key(info, linked_object_type, identifier, key)

    @strawberry.field(description="A property with the given ID. Usually associated with supply points.")
    async def property(self, info: strawberry.Info[RequestContext, None], id: strawberry.ID) -> PropertyType | None:
        # A user sees only the properties their accounts occupy or occupied; an organisation any.
        with raised_as(QUERY_REFUSALS):
            await info.context.authenticate()
        return await property_by_id(info, str(id))

    @strawberry.field(description="The properties attached to the given account.")
    async def properties(
        self,
        info: strawberry.Info[RequestContext, None],
        account_number: str,
        active: Annotated[
            bool | None,
            strawberry.argument(description="Only the properties the account occupies today (false: the others)."),
        ] = None,
    ) -> list[PropertyType | None] | None:
        with raised_as(QUERY_REFUSALS):
            await info.context.authenticate()
            number = info.context.account_number(account_number)
        today = info.context.contexts.accounts.clock.now().date()
        return await properties_of_account(info, number, active_on(today, active))

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
