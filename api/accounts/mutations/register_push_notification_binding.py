"""Register the viewer's device token for an app's push notifications (or renew it)."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import RegisterPushNotificationBindingInput
from api.accounts.types import PushNotificationBindingType, RegisterPushNotificationBinding
from api.context import RequestContext
from api.mutation import kraken_mutation
from domain.accounts import commands
from domain.shared.catalogue import InputInvalid


@strawberry.type
class RegisterPushNotificationBindingMutation:
    @kraken_mutation(
        # The seed lists no codes: an unknown app, like an over-long input, is Kraken's generic validation error.
        errors=(InputInvalid,),
        # The seed marks it as needing the Authorization header: a binding belongs to the viewer.
        auth=True,
        invalid=InputInvalid,
        description="Register a device token to be used for push notifications for an app.",
    )
    async def register_push_notification_binding(
        self, info: strawberry.Info[RequestContext, None], input: RegisterPushNotificationBindingInput
    ) -> RegisterPushNotificationBinding | None:
        viewer = info.context.viewer()
        command = commands.RegisterPushNotificationBinding(
            user_id=viewer.id, token=input.token, bundle_id=input.bundle_id, policy=info.context.settings.push_policy()
        )
        binding = await info.context.call(info.context.contexts.accounts.register_push_notification_binding, command)
        return RegisterPushNotificationBinding(
            push_notification_binding=PushNotificationBindingType(
                id=strawberry.ID(str(binding.id)),
                token=binding.token,
                registered_at=binding.registered_at,
                expires_at=binding.expires_at,
            )
        )
