"""Register a device token for an app's push notifications: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import RegisterPushNotificationBindingInput
from api.accounts.types import RegisterPushNotificationBinding
from api.mutation import pending_mutation


@strawberry.type
class RegisterPushNotificationBindingMutation:
    register_push_notification_binding = pending_mutation(
        args={"input": RegisterPushNotificationBindingInput},
        payload=RegisterPushNotificationBinding | None,
        errors=(),
        auth=False,
        description="Register a device token to be used for push notifications for an app.",
    )
