"""Update an account's communication delivery preference: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import UpdateCommsDeliveryPreferenceInput
from api.accounts.types import UpdateCommsDeliveryPreference
from api.mutation import pending_mutation
from domain.accounts.errors import CommsEmailAddressMissing
from domain.shared.catalogue import AccountAccessDenied


@strawberry.type
class UpdateCommsDeliveryPreferenceMutation:
    update_comms_delivery_preference = pending_mutation(
        args={"input": UpdateCommsDeliveryPreferenceInput},
        payload=UpdateCommsDeliveryPreference | None,
        errors=(AccountAccessDenied, CommsEmailAddressMissing),
        auth=True,
        description="Update account communication delivery preference.",
    )
