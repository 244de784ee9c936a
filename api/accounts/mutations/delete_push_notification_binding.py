"""Delete a device token used for push notifications: declared, not implemented, so it answers KT-CT-1113."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import DeletePushNotificationBindingInput
from api.accounts.types import DeletePushNotificationBinding
from api.mutation import pending_mutation
from domain.accounts.errors import PushNotificationBindingNotFound


@strawberry.type
class DeletePushNotificationBindingMutation:
    delete_push_notification_binding = pending_mutation(
        args={"input": DeletePushNotificationBindingInput},
        payload=DeletePushNotificationBinding | None,
        errors=(PushNotificationBindingNotFound,),
        auth=True,
        description="Delete a device token used for push notifications.",
    )
