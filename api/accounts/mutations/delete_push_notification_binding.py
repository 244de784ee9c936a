"""Delete the viewer's device token for push notifications, e.g. at logout."""

from __future__ import annotations

import strawberry

from api.accounts.inputs import DeletePushNotificationBindingInput
from api.accounts.types import DeletePushNotificationBinding, DeletePushNotificationBindingOutput
from api.context import RequestContext
from api.mutation import kraken_mutation
from domain.accounts import commands
from domain.accounts.errors import PushNotificationBindingNotFound
from domain.shared.catalogue import InputInvalid


@strawberry.type
class DeletePushNotificationBindingMutation:
    @kraken_mutation(
        errors=(PushNotificationBindingNotFound,),
        auth=True,
        # The seed lists no validation code that fits an over-long input: Kraken's generic one.
        invalid=InputInvalid,
        description="Delete a device token used for push notifications.",
    )
    async def delete_push_notification_binding(
        self, info: strawberry.Info[RequestContext, None], input: DeletePushNotificationBindingInput
    ) -> DeletePushNotificationBinding | None:
        viewer = info.context.viewer()
        command = commands.DeletePushNotificationBinding(user_id=viewer.id, token=input.token)
        await info.context.call(info.context.contexts.accounts.delete_push_notification_binding, command)
        return DeletePushNotificationBinding(status=DeletePushNotificationBindingOutput.SUCCESSFUL)
