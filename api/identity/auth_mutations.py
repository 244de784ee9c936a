"""The identity context's mutations on the auth server (POST /graphql/): declarations, and resolvers once implemented."""

from __future__ import annotations

import strawberry

from api.identity.inputs import CreateMfaDeviceInputType, DeleteMfaDeviceInputType, ValidateMfaDeviceInputType
from api.identity.types import CreateMfaDevice, DeleteMfaDevice, ValidateMfaDevice
from api.mutation import pending_mutation
from domain.identity.errors import (
    BackupMfaDeviceRequired,
    MfaDeviceCreationFailed,
    MfaDeviceDeletionFailed,
    MfaDeviceNotFound,
    MfaTokenInvalid,
    PendingMfaDeviceNotFound,
)
from domain.shared.catalogue import AccountUserRequired, FieldDisabled


@strawberry.type
class AuthServerMutations:
    create_mfa_device = pending_mutation(
        args={"input": CreateMfaDeviceInputType},
        payload=CreateMfaDevice | None,
        errors=(AccountUserRequired, MfaDeviceCreationFailed, FieldDisabled),
        auth=False,
        description="Create MFA Device for user.",
    )

    delete_mfa_device = pending_mutation(
        args={"input": DeleteMfaDeviceInputType},
        payload=DeleteMfaDevice | None,
        errors=(MfaDeviceNotFound, MfaDeviceDeletionFailed, FieldDisabled),
        auth=False,
        description="Delete MFA Device for user.",
    )

    validate_mfa_device = pending_mutation(
        args={"input": ValidateMfaDeviceInputType},
        payload=ValidateMfaDevice | None,
        errors=(MfaDeviceNotFound, PendingMfaDeviceNotFound, MfaTokenInvalid, BackupMfaDeviceRequired, FieldDisabled),
        auth=False,
        description="Validate MFA Device for user.",
    )
