"""Update an account's consents: each changed value is recorded; every consent of the account is answered."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.accounts.consents import default_source
from api.accounts.inputs import ConsentInput
from api.accounts.queries.consents import consent_of
from api.accounts.types import UpdateAccountConsents
from api.bounds import ACCOUNT_NUMBER, bounded
from api.context import RequestContext
from api.mutation import kraken_mutation
from domain.accounts import commands
from domain.accounts.errors import (
    ConsentAccountNotFound,
    ConsentManagementDisabled,
    ConsentTypeNotFound,
    DuplicateConsent,
)
from domain.shared.catalogue import AccountAccessDenied, InputInvalid

# Far more than the consent types a deployment defines; one is given at most once.
CONSENTS = bounded(items=50)


@strawberry.type
class UpdateAccountConsentsMutation:
    @kraken_mutation(
        errors=(
            DuplicateConsent,
            ConsentManagementDisabled,
            ConsentTypeNotFound,
            ConsentAccountNotFound,
        ),
        auth=True,
        # One code for an account that does not exist and one that is not the viewer's.
        codes={AccountAccessDenied: ConsentAccountNotFound},
        # The seed lists no validation code for it: Kraken's generic one.
        invalid=InputInvalid,
        description="Update the consents of an account",
    )
    async def update_account_consents(
        self,
        info: strawberry.Info[RequestContext, None],
        account_number: Annotated[str, strawberry.argument(metadata=ACCOUNT_NUMBER)],
        consents: Annotated[list[ConsentInput | None], strawberry.argument(metadata=CONSENTS)],
    ) -> UpdateAccountConsents | None:
        number = info.context.account_number(account_number)
        source = default_source(info)
        command = commands.UpdateAccountConsents(
            account_number=number,
            consents=tuple(commands.ConsentChoice(c.code, c.value.value, source) for c in consents if c is not None),
            recorded_by=info.context.acting.actor,
        )
        answered = await info.context.call(info.context.contexts.accounts.update_account_consents, command)
        return UpdateAccountConsents(consents=[consent_of(consent) for consent in answered])
