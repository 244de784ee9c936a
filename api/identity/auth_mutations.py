"""The identity context's mutations on the auth server (POST /graphql/): the viewer's MFA devices."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.identity.inputs import CreateMfaDeviceInputType, DeleteMfaDeviceInputType, ValidateMfaDeviceInputType
from api.identity.types import CreateMfaDevice, DeleteMfaDevice, ValidateMfaDevice
from api.mutation import kraken_mutation
from domain.identity import commands
from domain.identity.errors import (
    BackupMfaDeviceRequired,
    MfaDeviceCreationFailed,
    MfaDeviceDeletionFailed,
    MfaDeviceNotFound,
    MfaTokenInvalid,
    PendingMfaDeviceNotFound,
)
from domain.shared.actor import acting_as
from domain.shared.catalogue import (
    AccountUserRequired,
    PermissionDenied,
    TooManyRequests,
)


@strawberry.type
class AuthServerMutations:
    @kraken_mutation(
        errors=(AccountUserRequired, MfaDeviceCreationFailed),
        auth=True,
        # A scoped (pre-signed key) token gets the seed's KT-CT-1128: a one-time email link must
        # not be able to enrol a second factor.
        codes={PermissionDenied: AccountUserRequired},
        description="Create MFA Device for user.",
    )
    async def create_mfa_device(
        self, info: strawberry.Info[RequestContext, None], input: CreateMfaDeviceInputType
    ) -> CreateMfaDevice | None:
        viewer = info.context.viewer()
        command = commands.CreateMfaDevice(user_id=viewer.id, mfa_method=input.mfa_method.value)
        with acting_as(f"user:{viewer.id}"):
            created = await info.context.call(info.context.contexts.identity.create_mfa_device, command)
        return CreateMfaDevice(
            device_email=created.device_email, device_phone=created.device_phone, totp_secret=created.totp_secret
        )

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
