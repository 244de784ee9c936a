"""updateCommsDeliveryPreference: choose whether an account's documents go by email or by post."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import UpdateCommsDeliveryPreferenceInput
from api.accounts.types import UpdateCommsDeliveryPreference
from api.context import RequestContext
from api.mutation import kraken_mutation
from api.shared.types import AccountType
from domain.accounts import commands
from domain.accounts.errors import AccountNumberNotFound, CommsEmailAddressMissing
from domain.shared.catalogue import AccountAccessDenied, InputInvalid


@strawberry.type
class UpdateCommsDeliveryPreferenceMutation:
    @kraken_mutation(
        errors=(AccountAccessDenied, CommsEmailAddressMissing),
        auth=True,
        codes={AccountNumberNotFound: AccountAccessDenied},
        # The seed lists no validation code for an over-long account number: Kraken's generic one.
        invalid=InputInvalid,
        description="Update account communication delivery preference.",
    )
    async def update_comms_delivery_preference(
        self, info: strawberry.Info[RequestContext, None], input: UpdateCommsDeliveryPreferenceInput
    ) -> UpdateCommsDeliveryPreference | None:
        number = info.context.account_number(input.account_number)
        command = commands.UpdateCommsDeliveryPreference(
            account_number=number, comms_delivery_preference=input.comms_delivery_preference.value
        )
        account = await info.context.call(info.context.contexts.accounts.update_comms_delivery_preference, command)
        return UpdateCommsDeliveryPreference(account=AccountType.changed(account))
