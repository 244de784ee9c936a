"""Update the viewer's comms preferences: only the fields given change."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry

from api.accounts.inputs import UpdateAccountUserCommsPreferencesInput
from api.accounts.queries.preferences import AccountUserCommsPreferencesType
from api.accounts.types import UpdateAccountUserCommsPreferencesMutation
from api.context import RequestContext
from api.mutation import kraken_mutation
from domain.accounts import commands
from domain.accounts.errors import CommsPreferencesInvalid


def _given(value: Any) -> Any:
    # Left out or null: the preference keeps its value.
    if value is strawberry.UNSET or value is None:
        return None
    return value.value if isinstance(value, Enum) else value


@strawberry.type
class UpdateCommsPreferencesMutation:
    @kraken_mutation(
        errors=(CommsPreferencesInvalid,),
        auth=True,
        description="Update the comms preferences of the account user (the authenticated user).",
    )
    async def update_comms_preferences(
        self, info: strawberry.Info[RequestContext, None], input: UpdateAccountUserCommsPreferencesInput
    ) -> UpdateAccountUserCommsPreferencesMutation | None:
        viewer = info.context.viewer()
        command = commands.UpdateCommsPreferences(
            user_id=viewer.id,
            has_mobile=bool(viewer.mobile.strip()),
            is_opted_in_to_client_messages=_given(input.is_opted_in_to_client_messages),
            is_opted_in_to_offer_messages=_given(input.is_opted_in_to_offer_messages),
            is_opted_in_to_recommended_messages=_given(input.is_opted_in_to_recommended_messages),
            is_opted_in_to_update_messages=_given(input.is_opted_in_to_update_messages),
            is_opted_in_to_third_party_messages=_given(input.is_opted_in_to_third_party_messages),
            email_format=_given(input.email_format),
            is_using_inverted_email_colours=_given(input.is_using_inverted_email_colours),
            font_size_multiplier=_given(input.font_size_multiplier),
            is_opted_in_meter_reading_confirmations=_given(input.is_opted_in_meter_reading_confirmations),
            is_opted_in_to_sms_messages=_given(input.is_opted_in_to_sms_messages),
            preferred_hold_music=_given(input.preferred_hold_music),
        )
        accounts = info.context.contexts.accounts
        preferences = await info.context.call(accounts.update_comms_preferences, command)
        return UpdateAccountUserCommsPreferencesMutation(
            comms_preferences=AccountUserCommsPreferencesType.of(preferences)
        )
