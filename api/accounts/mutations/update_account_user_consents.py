"""Update an account user's consents: the viewer's own, or (for an organisation) the user `userNumber` names."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.accounts.consents import consenting_user, default_source
from api.accounts.inputs import ConsentTypeInput
from api.accounts.mutations.update_account_consents import CONSENTS
from api.accounts.queries.consents import consent_of
from api.accounts.types import AccountUserConsents, UpdateAccountUserConsents
from api.bounds import USER_ID
from api.context import RequestContext
from api.mutation import kraken_mutation
from domain.accounts import commands
from domain.accounts.errors import (
    AccountUserConsentsInvalid,
    ConsentAccountUserNotFound,
    ConsentManagementDisabled,
    ConsentTypeNotFound,
    ConsentUserNumberInvalid,
    DuplicateConsent,
)


@strawberry.type
class UpdateAccountUserConsentsMutation:
    @kraken_mutation(
        errors=(
            DuplicateConsent,
            ConsentManagementDisabled,
            ConsentTypeNotFound,
            ConsentAccountUserNotFound,
            AccountUserConsentsInvalid,
            ConsentUserNumberInvalid,
        ),
        auth=True,
        invalid=AccountUserConsentsInvalid,
        description="Update the consents of an account user (the authenticated user)",
    )
    async def update_account_user_consents(
        self,
        info: strawberry.Info[RequestContext, None],
        consents: Annotated[
            list[ConsentTypeInput | None] | None, strawberry.argument(metadata=CONSENTS)
        ] = strawberry.UNSET,
        user_number: Annotated[str | None, strawberry.argument(metadata=USER_ID)] = strawberry.UNSET,
    ) -> UpdateAccountUserConsents | None:
        user_id = await consenting_user(info, user_number)
        source = default_source(info)
        command = commands.UpdateAccountUserConsents(
            user_id=user_id,
            consents=tuple(
                commands.ConsentChoice(
                    c.consent_type_code, c.value.value if c.value else None, c.source.value if c.source else source
                )
                for c in consents or ()
                if c is not None
            ),
            recorded_by=info.context.acting.actor,
        )
        answered = await info.context.call(info.context.contexts.accounts.update_account_user_consents, command)
        return UpdateAccountUserConsents(
            account_user_consents=AccountUserConsents(consents=[consent_of(consent) for consent in answered])
        )
