"""createMfaDevice (auth server): start enrolling a second factor for the viewer."""

from __future__ import annotations

import strawberry

from api.context import RequestContext
from api.identity.inputs import CreateMfaDeviceInputType
from api.identity.types import CreateMfaDevice
from api.mutation import kraken_mutation
from domain.identity import commands
from domain.identity.errors import MfaDeviceCreationFailed
from domain.shared.actor import acting_as
from domain.shared.catalogue import AccountUserRequired, PermissionDenied


@strawberry.type
class CreateMfaDeviceMutation:
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
