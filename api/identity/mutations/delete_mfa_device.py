"""deleteMfaDevice (auth server): remove one of the viewer's second factors."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.identity.inputs import DeleteMfaDeviceInputType
from api.identity.types import DeleteMfaDevice
from api.mutation import kraken_mutation
from domain.identity import commands
from domain.identity.errors import MfaDeviceDeletionFailed, MfaDeviceNotFound


@strawberry.type
class DeleteMfaDeviceMutation:
    @kraken_mutation(
        errors=(MfaDeviceNotFound, MfaDeviceDeletionFailed),
        auth=True,
        description="Delete MFA Device for user.",
    )
    async def delete_mfa_device(
        self, info: strawberry.Info[RequestContext, None], input: DeleteMfaDeviceInputType
    ) -> DeleteMfaDevice | None:
        viewer = info.context.viewer()
        command = commands.DeleteMfaDevice(user_id=viewer.id, mfa_method=input.mfa_method.value)
        deleted = await info.context.call(info.context.contexts.identity.delete_mfa_device, command)
        return DeleteMfaDevice(device_deleted=deleted)
