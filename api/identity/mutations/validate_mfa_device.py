"""validateMfaDevice (auth server): confirm a pending second factor with a code from it."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.identity.inputs import ValidateMfaDeviceInputType
from api.identity.types import ValidateMfaDevice
from api.mutation import kraken_mutation
from domain.identity import commands
from domain.identity.errors import BackupMfaDeviceRequired, MfaDeviceNotFound, MfaTokenInvalid, PendingMfaDeviceNotFound
from domain.shared.catalogue import TooManyRequests


@strawberry.type
class ValidateMfaDeviceMutation:
    @kraken_mutation(
        errors=(
            MfaDeviceNotFound,
            PendingMfaDeviceNotFound,
            MfaTokenInvalid,
            BackupMfaDeviceRequired,
            TooManyRequests,
        ),
        auth=True,
        invalid=MfaTokenInvalid,
        description="Validate MFA Device for user.",
    )
    async def validate_mfa_device(
        self, info: strawberry.Info[RequestContext, None], input: ValidateMfaDeviceInputType
    ) -> ValidateMfaDevice | None:
        viewer = info.context.viewer()
        command = commands.ValidateMfaDevice(
            user_id=viewer.id, mfa_method=input.mfa_method.value, token=input.token, client=info.context.client
        )
        valid = await info.context.call(info.context.contexts.identity.validate_mfa_device, command)
        return ValidateMfaDevice(device_is_valid=valid)
