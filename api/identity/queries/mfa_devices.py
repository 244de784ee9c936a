"""`mfaDevices`: the viewer's second factors, what each is and whether it is confirmed; never a secret.

Kraken's public references serve it on the API's Query; this deployment also serves it on the
auth server, beside createMfaDevice, validateMfaDevice and deleteMfaDevice.
"""

from __future__ import annotations

from typing import Any

import strawberry

from api.context import RequestContext


@strawberry.type
class MfaDevice:
    device_type: str | None = strawberry.field(description="The type of MFA device.", default=None)
    is_confirmed: bool | None = strawberry.field(
        description="Whether the MFA device is confirmed or not.", default=None
    )

    @classmethod
    def of(cls, row: dict[str, Any]) -> MfaDevice:
        # A device is confirmed once a code from it was validated (validateMfaDevice).
        return cls(device_type=row["method"], is_confirmed=row["validated_at"] is not None)


@strawberry.type
class MfaDevicesQuery:
    @strawberry.field(description="Get all MFA devices for the current user.")
    async def mfa_devices(self, info: strawberry.Info[RequestContext, None]) -> list[MfaDevice | None] | None:
        # Only an account user has devices, and only their own are listed (there is no argument).
        viewer = await info.context.reader()
        rows = await info.context.loader(info.context.contexts.read.mfa_devices.of_users).load(str(viewer.id))
        return [MfaDevice.of(row) for row in rows]
